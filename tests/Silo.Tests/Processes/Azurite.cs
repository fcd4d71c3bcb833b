using System.Diagnostics;
using System.Text;

namespace Cluster.Silo.Tests.Processes;

/// <summary>
/// Azurite (npm azurite, installed by tests/run.sh's <c>npm ci</c>) in memory on free loopback ports, run with node on its
/// script directly and stopped with SIGINT by pid (it ignores SIGTERM).
/// </summary>
internal sealed class Azurite : IAsyncDisposable
{
    private const string Key = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private Azurite(Process process, int blob, int queue, int table)
    {
        _process = process;
        ConnectionString = $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={Key};" +
            $"BlobEndpoint=http://127.0.0.1:{blob}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{queue}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{table}/devstoreaccount1;";
    }

    public string ConnectionString { get; }

    public static async Task<Azurite> StartAsync(string repoRoot)
    {
        var script = Path.Combine(repoRoot, "tests", "node_modules", "azurite", "dist", "src", "azurite.js");
        if (!File.Exists(script))
        {
            throw new InvalidOperationException($"Azurite is not installed ({script} missing): run 'npm ci' in tests/ (tests/run.sh does)");
        }

        int blob = FreePort.Next(), queue = FreePort.Next(), table = FreePort.Next();
        var start = new ProcessStartInfo("node") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[]
                 {
                     script, "--inMemoryPersistence", "--skipApiVersionCheck", "--blobHost", "127.0.0.1", "--queueHost", "127.0.0.1", "--tableHost", "127.0.0.1",
                     "--blobPort", $"{blob}", "--queuePort", $"{queue}", "--tablePort", $"{table}",
                 })
        {
            start.ArgumentList.Add(arg);
        }

        var azurite = new Azurite(Process.Start(start)!, blob, queue, table);
        azurite._process.OutputDataReceived += (_, e) => azurite.Append(e.Data);
        azurite._process.ErrorDataReceived += (_, e) => azurite.Append(e.Data);
        azurite._process.BeginOutputReadLine();
        azurite._process.BeginErrorReadLine();
        var clock = Stopwatch.StartNew();
        while (!(FreePort.IsListening(table) && FreePort.IsListening(blob)))
        {
            if (azurite._process.HasExited || clock.Elapsed > TimeSpan.FromSeconds(30))
            {
                var log = azurite.Log;
                await azurite.DisposeAsync();
                throw new InvalidOperationException($"Azurite did not start listening on {blob}/{table} within 30 s:\n{log}");
            }

            await Task.Delay(100);
        }

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
        if (!_process.HasExited)
        {
            Signals.Send(_process.Id, "INT");
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill();
            }
        }

        _process.Dispose();
    }
}
