using System.Diagnostics;
using System.Text.Json;
using Cluster.Tests.Shared;

namespace Cluster.Formats.Tests.Peers;

/// <summary>Runs <c>read-with-roboflow.js</c> under node: the npm package @roboflow/tfrecords reads a file we wrote.</summary>
internal static class RoboflowPeer
{
    private static string Script => Path.Combine(RepoPaths.Root, "tests", "Formats.Tests", "Peers", "read-with-roboflow.js");

    private static string Package => Path.Combine(RepoPaths.Root, "tests", "node_modules", "@roboflow", "tfrecords", "package.json");

    /// <summary>The peer's record count and, per record, the values of <paramref name="keys"/> (KEY:TYPE).</summary>
    public static (int Count, JsonElement Records) Read(string file, params string[] keys)
    {
        if (!File.Exists(Package))
        {
            Assert.Fail($"the peer reader is not installed ({Package} is missing): run `cd tests && npm ci` (bash tests/run.sh does it)");
        }

        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Script);
        start.ArgumentList.Add(file);
        foreach (var key in keys)
        {
            start.ArgumentList.Add(key);
        }

        using var node = StartOrFail(start);
        var stdout = node.StandardOutput.ReadToEndAsync();
        var stderr = node.StandardError.ReadToEndAsync();
        if (!node.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            node.Kill(entireProcessTree: true);
            Assert.Fail("node read-with-roboflow.js did not finish within 60 s");
        }

        Assert.True(node.ExitCode == 0, $"node read-with-roboflow.js exited {node.ExitCode}: {stderr.Result}");
        var json = JsonDocument.Parse(stdout.Result).RootElement;
        return (json.GetProperty("count").GetInt32(), json.GetProperty("records").Clone());
    }

    private static Process StartOrFail(ProcessStartInfo start)
    {
        try
        {
            return Process.Start(start) ?? throw new InvalidOperationException("Process.Start returned null");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Assert.Fail($"cannot run node (needed for the peer cross-check): {e.Message}");
            throw;
        }
    }
}
