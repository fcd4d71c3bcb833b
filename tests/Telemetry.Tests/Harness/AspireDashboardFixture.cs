using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Reflection;
using System.Text.Json;

namespace Cluster.Tests.Otlp;

/// <summary>
/// A real OTLP receiver for tests: the Aspire Dashboard (NuGet Aspire.Dashboard.Sdk.linux-x64, a self-contained
/// program) on free loopback ports, with anonymous OTLP/HTTP, OTLP/gRPC and its HTTP telemetry API.
/// Share it with <c>IClassFixture&lt;AspireDashboardFixture&gt;</c>; it is killed when the class's tests end.
/// </summary>
public sealed class AspireDashboardFixture : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private readonly ConcurrentQueue<string> output = new();
    private readonly string dataDirectory = Path.Combine(Path.GetTempPath(), $"aspire-dashboard-{Guid.NewGuid():N}");
    private Process? process;

    /// <summary>The dashboard's UI and telemetry API, e.g. <c>http://127.0.0.1:PORT/</c>.</summary>
    public Uri ApiBaseUri { get; private set; } = null!;

    /// <summary>OTLP/HTTP base endpoint (the value for OTEL_EXPORTER_OTLP_ENDPOINT with protocol http/protobuf).</summary>
    public Uri OtlpHttpEndpoint { get; private set; } = null!;

    /// <summary>OTLP/gRPC endpoint (the value for OTEL_EXPORTER_OTLP_ENDPOINT with protocol grpc).</summary>
    public Uri OtlpGrpcEndpoint { get; private set; } = null!;

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>Where NuGet put the dashboard executable (set at build time from $(NuGetPackageRoot)).</summary>
    public static string ExecutablePath =>
        typeof(AspireDashboardFixture).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "AspireDashboardPath").Value!;

    public async Task InitializeAsync()
    {
        var executable = ExecutablePath;
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException(
                $"Aspire Dashboard not found at {executable}; restore tests/Telemetry.Tests (PackageDownload Aspire.Dashboard.Sdk.linux-x64).");
        }

        EnsureExecutable(executable);
        Directory.CreateDirectory(dataDirectory);
        ApiBaseUri = new Uri($"http://127.0.0.1:{FreeLoopbackPort.Next()}/");
        OtlpHttpEndpoint = new Uri($"http://127.0.0.1:{FreeLoopbackPort.Next()}");
        OtlpGrpcEndpoint = new Uri($"http://127.0.0.1:{FreeLoopbackPort.Next()}");

        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(executable)!,
        };
        start.Environment["ASPNETCORE_URLS"] = ApiBaseUri.ToString().TrimEnd('/');
        start.Environment["ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL"] = OtlpHttpEndpoint.ToString().TrimEnd('/');
        start.Environment["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = OtlpGrpcEndpoint.ToString().TrimEnd('/');
        start.Environment["ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS"] = "true";
        start.Environment["ASPIRE_DASHBOARD_DATA_DIRECTORY"] = dataDirectory;
        start.Environment["DOTNET_DASHBOARD_OTLP_ENDPOINT_URL"] = null;
        start.Environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = null;

        process = Process.Start(start) ?? throw new InvalidOperationException($"{executable} did not start");
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await WaitUntilReadyAsync();
    }

    public Task DisposeAsync()
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }

        process?.Dispose();
        Http.Dispose();
        try
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // The OS temp cleaner gets it later.
        }

        return Task.CompletedTask;
    }

    /// <summary>Every span of one trace, from <c>GET /api/telemetry/spans?traceId=…</c> (OTLP JSON).</summary>
    public async Task<IReadOnlyList<OtlpSpan>> GetSpansAsync(string traceId, CancellationToken cancellationToken = default)
    {
        using var json = await Http.GetFromJsonAsync<JsonDocument>(
            new Uri(ApiBaseUri, $"api/telemetry/spans?traceId={Uri.EscapeDataString(traceId)}"), cancellationToken)
            ?? throw new InvalidOperationException("dashboard returned no body");
        return OtlpJson.ReadSpans(json.RootElement);
    }

    /// <summary>Polls until the trace satisfies <paramref name="complete"/>; the dashboard ingests asynchronously.</summary>
    public async Task<IReadOnlyList<OtlpSpan>> WaitForSpansAsync(
        string traceId, Func<IReadOnlyList<OtlpSpan>, bool> complete, string waitingFor, TimeSpan? timeout = null)
    {
        var deadline = Stopwatch.StartNew();
        var limit = timeout ?? TimeSpan.FromSeconds(30);
        IReadOnlyList<OtlpSpan> spans = [];
        while (deadline.Elapsed < limit)
        {
            spans = await GetSpansAsync(traceId);
            if (complete(spans))
            {
                return spans;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException(
            $"dashboard never held {waitingFor} for trace {traceId} within {limit}; it held {spans.Count} spans: " +
            string.Join(", ", spans.Select(s => s.Name)) + $"\n{RecentOutput()}");
    }

    /// <summary>Polls <c>GET /api/telemetry/resources</c> until the resource named <paramref name="serviceName"/> satisfies <paramref name="ready"/>.</summary>
    public async Task<JsonElement> WaitForResourceAsync(string serviceName, Func<JsonElement, bool> ready, string waitingFor)
    {
        var clock = Stopwatch.StartNew();
        var last = "none";
        while (clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            using var json = await Http.GetFromJsonAsync<JsonDocument>(new Uri(ApiBaseUri, "api/telemetry/resources"))
                ?? throw new InvalidOperationException("dashboard returned no body");
            foreach (var resource in json.RootElement.EnumerateArray())
            {
                if (resource.GetProperty("name").GetString() == serviceName)
                {
                    last = resource.GetRawText();
                    if (ready(resource))
                    {
                        return resource.Clone();
                    }
                }
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"dashboard resource {serviceName} never had {waitingFor}; last seen: {last}");
    }

    /// <summary>The dashboard's last lines of output, for failure messages.</summary>
    public string RecentOutput() => "dashboard output:\n" + string.Join('\n', output);

    private async Task WaitUntilReadyAsync()
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < StartTimeout)
        {
            if (process!.HasExited)
            {
                throw new InvalidOperationException($"Aspire Dashboard exited with {process.ExitCode} while starting.\n{RecentOutput()}");
            }

            try
            {
                using var response = await Http.GetAsync(new Uri(ApiBaseUri, "api/telemetry/resources"));
                if (response.IsSuccessStatusCode && output.Any(l => l.Contains("OTLP/HTTP listening on", StringComparison.Ordinal)))
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"Aspire Dashboard did not answer on {ApiBaseUri} within {StartTimeout}.\n{RecentOutput()}");
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        output.Enqueue(line);
        while (output.Count > 200 && output.TryDequeue(out _))
        {
        }
    }

    private static void EnsureExecutable(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var mode = File.GetUnixFileMode(path);
        if ((mode & UnixFileMode.UserExecute) == 0)
        {
            File.SetUnixFileMode(path, mode | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        }
    }
}
