using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Cluster.Bench;

/// <summary>A <c>cluster-silo</c> process (Development: localhost clustering, memory storage) and its peak RSS.</summary>
internal sealed class BenchSilo : IDisposable
{
    private readonly Process _process;
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private BenchSilo(Process process, int siloPort, int gatewayPort)
    {
        _process = process;
        SiloPort = siloPort;
        GatewayPort = gatewayPort;
    }

    public int SiloPort { get; }

    public int GatewayPort { get; }

    public static async Task<BenchSilo> StartAsync(string clusterId, int? primarySiloPort)
    {
        int siloPort = FreePort(), gatewayPort = FreePort();
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "cluster-silo.dll"));
        start.Environment["DOTNET_ENVIRONMENT"] = "Development";
        start.Environment["Cluster__SiloPort"] = $"{siloPort}";
        start.Environment["Cluster__GatewayPort"] = $"{gatewayPort}";
        start.Environment["Cluster__PrimarySiloPort"] = $"{primarySiloPort ?? siloPort}";
        start.Environment["Cluster__ClusterId"] = clusterId;
        var silo = new BenchSilo(Process.Start(start)!, siloPort, gatewayPort);
        silo._process.OutputDataReceived += (_, e) => { if (e.Data?.Contains("Application started", StringComparison.Ordinal) == true) silo._started.TrySetResult(); };
        silo._process.ErrorDataReceived += (_, _) => { };
        silo._process.BeginOutputReadLine();
        silo._process.BeginErrorReadLine();
        await silo._started.Task.WaitAsync(TimeSpan.FromSeconds(120));
        return silo;
    }

    /// <summary>VmHWM of the process: its peak resident set, in MiB.</summary>
    public double PeakRssMiB()
    {
        var line = File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
