using System.Diagnostics;
using System.Text;

namespace Cluster.Trainer.Tests;

/// <summary>A real <c>cluster-trainer</c> process (the built dll beside the tests) with its output captured.</summary>
internal sealed class TrainerProcess : IDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();
    private readonly StringBuilder error = new();

    private TrainerProcess(Process process) => this.process = process;

    public string Out
    {
        get
        {
            lock (output)
                return output.ToString();
        }
    }

    public string Error
    {
        get
        {
            lock (error)
                return error.ToString();
        }
    }

    public static TrainerProcess Start(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "cluster-trainer.dll"));
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        foreach (var (key, value) in environment)
            start.Environment[key] = value;
        var trainer = new TrainerProcess(Process.Start(start)!);
        trainer.process.OutputDataReceived += (_, e) => Append(trainer.output, e.Data);
        trainer.process.ErrorDataReceived += (_, e) => Append(trainer.error, e.Data);
        trainer.process.BeginOutputReadLine();
        trainer.process.BeginErrorReadLine();
        return trainer;
    }

    /// <summary>The exit code; the process is killed (and the test fails) when it runs past <paramref name="timeout"/>.</summary>
    public async Task<int> WaitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw new TimeoutException($"cluster-trainer ran past {timeout}:\n{Error}");
        }

        process.WaitForExit(); // drains the redirected output
        return process.ExitCode;
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        process.Dispose();
    }

    private static void Append(StringBuilder to, string? line)
    {
        if (line is null)
            return;
        lock (to)
            to.AppendLine(line);
    }
}
