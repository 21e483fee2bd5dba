using System.Reflection;
using Xunit.Abstractions;
using Xunit.Sdk;

[assembly: TestFramework("SmimeAddin.Tests.Support.TestRunFramework", "SmimeAddin.Tests")]

namespace SmimeAddin.Tests.Support;

/// <summary>xunit's own framework plus what xunit 2 has no fixture for: the clean-up of the whole run. Once the last
/// test has finished, and before the runner hears that the run is over (after which it may end this process), it
/// stops the PostgreSQL cluster the run started, if it started one; a failed stop fails the run. A run killed before
/// that is left to the cluster's watchdog.</summary>
public sealed class TestRunFramework(IMessageSink messageSink) : XunitTestFramework(messageSink)
{
    protected override ITestFrameworkExecutor CreateExecutor(AssemblyName assemblyName) =>
        new Executor(assemblyName, SourceInformationProvider, DiagnosticMessageSink);

    private sealed class Executor(AssemblyName assemblyName, ISourceInformationProvider sourceInformation, IMessageSink diagnostics)
        : XunitTestFrameworkExecutor(assemblyName, sourceInformation, diagnostics)
    {
        // async void as in xunit's own executor: the runner learns the outcome from the messages, not from a task.
        protected override async void RunTestCases(IEnumerable<IXunitTestCase> testCases, IMessageSink executionMessageSink,
            ITestFrameworkExecutionOptions executionOptions)
        {
            using var runner = new AssemblyRunner(TestAssembly, testCases, DiagnosticMessageSink, executionMessageSink, executionOptions);
            await runner.RunAsync();
        }
    }

    private sealed class AssemblyRunner(ITestAssembly assembly, IEnumerable<IXunitTestCase> testCases, IMessageSink diagnostics,
        IMessageSink executionMessageSink, ITestFrameworkExecutionOptions executionOptions)
        : XunitTestAssemblyRunner(assembly, testCases, diagnostics, executionMessageSink, executionOptions)
    {
        protected override async Task BeforeTestAssemblyFinishedAsync()
        {
            await Aggregator.RunAsync(TestPostgres.StopAsync);
            await base.BeforeTestAssemblyFinishedAsync();
        }
    }
}
