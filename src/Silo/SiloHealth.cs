using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Runtime;

namespace Cluster.Silo;

/// <summary>
/// The probes of the k8s contract: <c>GET /healthz/live</c> answers 200 while the process responds;
/// <c>GET /healthz/ready</c> answers 200 once this silo is Active in membership and 503 while it starts or stops.
/// </summary>
public static class SiloHealth
{
    public const string LivePath = "/healthz/live";
    public const string ReadyPath = "/healthz/ready";

    /// <summary>Maps both probes, answered only on requests that arrived on <paramref name="port"/> when one is given.</summary>
    public static void MapSiloHealth(this IEndpointRouteBuilder endpoints, int? port)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var group = endpoints.MapGroup("/healthz");
        if (port is not null)
        {
            group.RequireHost($"*:{port}");
        }

        group.MapGet("/live", () => Results.Text("live\n"));
        group.MapGet("/ready", (HttpContext http) =>
        {
            var services = http.RequestServices;
            var stopping = services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested;
            var status = services.GetRequiredService<ISiloStatusOracle>().CurrentStatus;
            return !stopping && status == SiloStatus.Active
                ? Results.Text("ready\n")
                : Results.Text($"not ready: silo {status}{(stopping ? ", stopping" : "")}\n", statusCode: StatusCodes.Status503ServiceUnavailable);
        });
    }
}
