using System.Diagnostics;
using System.Text;

namespace Cluster.Silo.Tests.Processes;

/// <summary>A real <c>cluster-silo</c> process (the built dll beside the tests) configured through environment
/// variables, as a deployment would; ready once the host reports it started.</summary>
internal sealed class SiloProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private SiloProcess(Process process, int gatewayPort)
    {
        _process = process;
        GatewayPort = gatewayPort;
    }

    public int GatewayPort { get; }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

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

    /// <summary>Starts a silo; <paramref name="settings"/> become <c>Cluster__KEY</c> environment variables,
    /// <paramref name="args"/> its command line (e.g. <c>--console-telemetry</c>).</summary>
    public static SiloProcess Start(string environment, IReadOnlyDictionary<string, string> settings, params string[] args)
    {
        var gateway = FreePort.Next();
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = AppContext.BaseDirectory };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "cluster-silo.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DOTNET_ENVIRONMENT"] = environment;
        start.Environment["Cluster__SiloPort"] = $"{FreePort.Next()}";
        start.Environment["Cluster__GatewayPort"] = $"{gateway}";
        foreach (var (key, value) in settings)
        {
            start.Environment[$"Cluster__{key}"] = value;
        }

        var silo = new SiloProcess(Process.Start(start)!, gateway);
        silo._process.OutputDataReceived += (_, e) => silo.Append(e.Data);
        silo._process.ErrorDataReceived += (_, e) => silo.Append(e.Data);
        silo._process.EnableRaisingEvents = true;
        silo._process.Exited += (_, _) =>
        {
            silo._process.WaitForExit(); // drains the redirected output
            silo._started.TrySetException(new InvalidOperationException($"cluster-silo exited ({silo._process.ExitCode}):\n{silo.Log}"));
        };
        silo._process.BeginOutputReadLine();
        silo._process.BeginErrorReadLine();
        return silo;
    }

    public async Task WaitStartedAsync(TimeSpan timeout)
    {
        try
        {
            await _started.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"cluster-silo did not report 'Application started' within {timeout}:\n{Log}");
        }
    }

    /// <summary>SIGKILL: the silo dies without any shutdown.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.AppendLine(line);
        }

        if (line.Contains("Application started", StringComparison.Ordinal))
        {
            _started.TrySetResult();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }
}
