using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using SmimeAddin.Telemetry;

namespace SmimeAddin.Hosting;

/// <summary>Metrics through OpenTelemetry: the app's own meter (<see cref="SmimeMetrics"/>) and ASP.NET Core's request
/// metrics. Exported over OTLP only when the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> says where to; the exporter
/// reads the other <c>OTEL_*</c> variables (protocol, headers, interval) itself.</summary>
public static class TelemetrySetup
{
    public const string OtlpEndpoint = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static WebApplicationBuilder AddSmimeTelemetry(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<SmimeMetrics>();
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("SmimeAddin"))
            .WithMetrics(metrics => metrics.AddMeter(SmimeMetrics.MeterName).AddAspNetCoreInstrumentation());
        if (!string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpoint]))
            telemetry.UseOtlpExporter();
        return builder;
    }
}
