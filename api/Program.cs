var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();
app.MapGet("/", () => "SmimeAddin");
app.Run();

public partial class Program;
