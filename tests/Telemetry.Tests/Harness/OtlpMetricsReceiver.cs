using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO.Compression;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cluster.Tests.Otlp;

/// <summary>
/// An OTLP/HTTP metrics endpoint on a free loopback port (the Aspire Dashboard stores metrics but has no API to read
/// them back). Point OTEL_EXPORTER_OTLP_METRICS_ENDPOINT at <see cref="MetricsEndpoint"/>; every point received is kept.
/// </summary>
public sealed class OtlpMetricsReceiver : IAsyncLifetime
{
    private readonly ConcurrentQueue<OtlpMetricPoint> points = new();
    private WebApplication? app;

    /// <summary>The full signal URL, e.g. <c>http://127.0.0.1:PORT/v1/metrics</c>.</summary>
    public Uri MetricsEndpoint { get; private set; } = null!;

    public IReadOnlyCollection<OtlpMetricPoint> Points => points;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        app = builder.Build();
        app.MapPost("/v1/metrics", async (HttpRequest request) =>
        {
            await using var body = new MemoryStream();
            var source = request.Headers.ContentEncoding == "gzip" ? new GZipStream(request.Body, CompressionMode.Decompress) : request.Body;
            await source.CopyToAsync(body);
            foreach (var point in OtlpMetricsDecoder.Decode(body.ToArray()))
            {
                points.Enqueue(point);
            }

            return Results.Bytes([], "application/x-protobuf");
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        MetricsEndpoint = new Uri(new Uri(address), "/v1/metrics");
    }

    public async Task DisposeAsync()
    {
        if (app is not null)
        {
            await app.DisposeAsync();
        }
    }

    /// <summary>
    /// The latest point of each series of <paramref name="metric"/> whose attributes include <paramref name="key"/>=<paramref name="value"/>
    /// (cumulative temporality: the latest point is the total so far). Waits until <paramref name="complete"/> holds.
    /// </summary>
    public async Task<IReadOnlyList<OtlpMetricPoint>> WaitForSeriesAsync(
        string metric, string key, string value, Func<IReadOnlyList<OtlpMetricPoint>, bool> complete, TimeSpan? timeout = null)
    {
        var clock = Stopwatch.StartNew();
        var limit = timeout ?? TimeSpan.FromSeconds(30);
        IReadOnlyList<OtlpMetricPoint> latest = [];
        while (clock.Elapsed < limit)
        {
            latest = [.. points
                .Where(p => p.MetricName == metric && p.Attributes.TryGetValue(key, out var v) && v == value)
                .GroupBy(p => string.Join(',', p.Attributes.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Key}={a.Value}")))
                .Select(g => g.MaxBy(p => p.TimeUnixNano)!)];
            if (complete(latest))
            {
                return latest;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException(
            $"no complete {metric} series with {key}={value} within {limit}; received metrics: " +
            string.Join(", ", points.Select(p => p.MetricName).Distinct()));
    }
}
