using Cluster.Formats.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Cluster.Telemetry;

/// <summary>
/// OpenTelemetry for every Cluster host (silo, client, trainer), configured only by the standard variables:
/// OTEL_EXPORTER_OTLP_ENDPOINT / _PROTOCOL / _HEADERS (OTLP export is on when an endpoint is set),
/// OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES, OTEL_METRIC_EXPORT_INTERVAL and the rest the SDK reads.
/// Subscribes to the product's sources and meter plus Orleans' application and lifecycle sources;
/// metric exemplars are trace-based, so a histogram point links to a span of the same trace.
/// </summary>
public static class ClusterTelemetryHosting
{
    /// <summary>The OTLP endpoint variables; any one of them switches OTLP export on.</summary>
    public static IReadOnlyList<string> OtlpEndpointKeys { get; } =
    [
        "OTEL_EXPORTER_OTLP_ENDPOINT",
        "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
        "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT",
        "OTEL_EXPORTER_OTLP_LOGS_ENDPOINT",
    ];

    /// <summary>Adds tracing, metrics and logging export; a second call on the same builder does nothing.</summary>
    public static TBuilder AddClusterTelemetry<TBuilder>(this TBuilder builder, ClusterTelemetryOptions options)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        if (builder.Services.Any(d => d.ServiceType == typeof(ClusterTelemetryMarker)))
        {
            return builder;
        }

        builder.Services.AddSingleton<ClusterTelemetryMarker>();

        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
            if (options.ConsoleExporter)
            {
                logging.AddConsoleExporter();
            }
        });

        var telemetry = builder.Services.AddOpenTelemetry()
            // The default service name goes first; the environment detectors after it win, as the spec requires.
            .ConfigureResource(resource => resource
                .AddService(options.DefaultServiceName)
                .AddEnvironmentVariableDetector())
            .WithTracing(tracing =>
            {
                tracing
                    .AddSource([.. TelemetryNames.ActivitySources])
                    .AddSource(OrleansTelemetryNames.ApplicationSource, OrleansTelemetryNames.LifecycleSource);
                if (options.ConsoleExporter)
                {
                    tracing.AddConsoleExporter();
                }
            })
            .WithMetrics(metrics =>
            {
                metrics
                    .AddMeter(TelemetryNames.Meter, OrleansTelemetryNames.Meter)
                    .SetExemplarFilter(ExemplarFilterType.TraceBased);
                if (options.ConsoleExporter)
                {
                    metrics.AddConsoleExporter();
                }
            });

        if (HasOtlpEndpoint(builder.Configuration))
        {
            telemetry.UseOtlpExporter();
        }

        return builder;
    }

    /// <summary>True when the configuration (environment variables included) names an OTLP endpoint.</summary>
    public static bool HasOtlpEndpoint(IConfiguration configuration) =>
        OtlpEndpointKeys.Any(key => !string.IsNullOrWhiteSpace(configuration[key]));
}
