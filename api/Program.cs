using SmimeAddin.Addin;
using SmimeAddin.Audit;
using SmimeAddin.Auth;
using SmimeAddin.Certificates;
using SmimeAddin.ContactRequests;
using SmimeAddin.Data;
using SmimeAddin.Directory;
using SmimeAddin.Hosting;
using SmimeAddin.Inspection;
using SmimeAddin.Landing;
using SmimeAddin.Lifecycle;
using SmimeAddin.Notifications;
using SmimeAddin.Recipients;
using SmimeAddin.Trust;
using SmimeAddin.TrustedIssuers;

var builder = WebApplication.CreateBuilder(args);
builder.ListenOnHttpsWhenACertificateIsInstalled();

builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<DataDirectory>();
builder.AddAppData();
builder.AddDirectory();
builder.AddNotifications();
builder.Services.AddSmimeProblemDetails();
builder.Services.AddBodyLimits();
builder.Services.AddSmimeRateLimits();
builder.Services.AddSmimeLocalization();
builder.Services.AddSmimeOpenApi();
builder.AddSignIn();
builder.Services.AddCertificates();
builder.Services.AddTrust();
builder.Services.AddRecipients();
builder.Services.AddContactRequests();
builder.Services.AddLifecycle();
builder.Services.AddAddin();
builder.Services.AddSmimeHealthChecks();
builder.AddSmimeTelemetry();

var app = builder.Build();
if (args.Contains("migrate")) // `SmimeAddin.Api migrate`: migrate and seed the configured database, then stop
{
    await app.MigrateDatabaseAsync();
    return;
}

app.UseSecurityHeaders();
if (!app.Environment.IsDevelopment())
    app.UseHsts(); // https requests only; localhost is left out by the framework
app.UseRequestLocalization();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseBodyLimits();
app.UsePane(); // the built task pane, before sign-in: it is public
app.UseAuthentication();
app.UseRateLimiter(); // after sign-in, as limits are per user; before authorization, so refused callers count too
app.UseAuthorization();
app.UseSmimeOpenApi();

app.MapLanding();
app.MapAddin();
app.MapSmimeHealthChecks();
if (app.Configuration.UsesLocalSignIn())
    app.MapLocalSignIn();

var api = app.MapSmimeApi();
api.MapMe();
api.MapInspection();
api.MapRecipients();
api.MapTrustedIssuers();
api.MapContactRequests();
api.MapLifecycle();
api.MapAudit();
api.MapNotifications();

app.Run();

public partial class Program;
