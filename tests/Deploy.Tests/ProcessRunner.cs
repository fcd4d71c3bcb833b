using System.Diagnostics;

namespace Cluster.Deploy.Tests;

/// <summary>Runs a tool to completion and captures its output; a tool that is not installed fails with its name.</summary>
internal static class ProcessRunner
{
    public static ProcessResult Run(string fileName, IEnumerable<string> arguments, string? workingDirectory = null, TimeSpan? timeout = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException($"{fileName} did not start");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException(
                $"`{fileName}` is not installed or not on PATH ({e.Message}). tests/run.sh installs it; see deploy/k8s/README.md.", e);
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            var limit = timeout ?? TimeSpan.FromMinutes(2);
            if (!process.WaitForExit(limit))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{fileName} {string.Join(' ', info.ArgumentList)} did not finish within {limit}");
            }

            return new ProcessResult(process.ExitCode, stdout.Result, stderr.Result);
        }
    }
}
