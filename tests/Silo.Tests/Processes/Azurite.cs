using System.Diagnostics;
using System.Text;

namespace Cluster.Silo.Tests.Processes;

/// <summary>
/// Azurite (npm azurite, installed by tests/run.sh's <c>npm ci</c>) on free loopback ports, run with node on its script
/// directly and stopped with SIGINT by pid (it ignores SIGTERM). In memory by default; with a <c>location</c> folder its
/// tables and blobs are kept on disk, so <see cref="StopAsync"/> then <see cref="RestartAsync"/> is a storage outage that
/// loses nothing (same ports, same connection string).
/// </summary>
internal sealed class Azurite : IAsyncDisposable
{
    private const string Key = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private readonly StringBuilder _log = new();
    private readonly IReadOnlyList<string> _arguments;
    private readonly int _blob;
    private readonly int _table;
    private Process? _process;

    private Azurite(IReadOnlyList<string> arguments, int blob, int queue, int table)
    {
        _arguments = arguments;
        (_blob, _table) = (blob, table);
        ConnectionString = $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={Key};" +
            $"BlobEndpoint=http://127.0.0.1:{blob}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{queue}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{table}/devstoreaccount1;";
    }

    public string ConnectionString { get; }

    /// <summary>Starts Azurite; <paramref name="location"/> keeps its data in that folder instead of in memory.</summary>
    public static async Task<Azurite> StartAsync(string repoRoot, string? location = null)
    {
        var script = Path.Combine(repoRoot, "tests", "node_modules", "azurite", "dist", "src", "azurite.js");
        if (!File.Exists(script))
        {
            throw new InvalidOperationException($"Azurite is not installed ({script} missing): run 'npm ci' in tests/ (tests/run.sh does)");
        }

        int blob = FreePort.Next(), queue = FreePort.Next(), table = FreePort.Next();
        string[] storage = location is null ? ["--inMemoryPersistence"] : ["--location", location];
        var azurite = new Azurite(
            [
                script, .. storage, "--skipApiVersionCheck", "--blobHost", "127.0.0.1", "--queueHost", "127.0.0.1", "--tableHost", "127.0.0.1",
                "--blobPort", $"{blob}", "--queuePort", $"{queue}", "--tablePort", $"{table}",
            ],
            blob, queue, table);
        await azurite.RestartAsync();
        return azurite;
    }

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>Starts the (stopped) Azurite again on its ports; returns once they accept connections.</summary>
    public async Task RestartAsync()
    {
        if (_process is { HasExited: false })
        {
            throw new InvalidOperationException("Azurite is already running");
        }

        _process?.Dispose();
        var start = new ProcessStartInfo("node") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in _arguments)
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start)!;
        _process = process;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var clock = Stopwatch.StartNew();
        while (!(FreePort.IsListening(_table) && FreePort.IsListening(_blob)))
        {
            if (process.HasExited || clock.Elapsed > TimeSpan.FromSeconds(60))
            {
                var log = Log;
                await StopAsync();
                throw new InvalidOperationException($"Azurite did not start listening on blob port {_blob} and table port {_table} within 60 s:\n{log}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>SIGINT by pid (Azurite ignores SIGTERM), then waits for it to exit; killed if it takes over 10 s.</summary>
    public async Task StopAsync()
    {
        if (_process is { HasExited: false } process)
        {
            Signals.Send(process.Id, "INT");
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill();
                await process.WaitForExitAsync();
            }
        }
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_log)
            {
                _log.AppendLine(line);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process?.Dispose();
    }
}
