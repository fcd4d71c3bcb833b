using System.Diagnostics;
using Cluster.Tests.Shared;

namespace Cluster.Trainer.Tests;

public class GlibcxxPatcherTests
{
    private static readonly string Script = Path.Combine(RepoPaths.Root, "eng", "weaken-glibcxx-requirement.py");

    [Fact]
    public void Patch_PristineLibrary_SetsWeakFlagOnlyOnThatVersionAndIsIdempotent()
    {
        using var dir = new TempDirectory("glibcxx");
        var copy = dir.File("libLibTorchSharp.so");
        File.Copy(PristineLibrary(), copy);
        var before = File.ReadAllBytes(copy);

        var first = Run(copy, "--force");
        var patched = File.ReadAllBytes(copy);
        var second = Run(copy, "--force");

        Assert.Equal(0, first.ExitCode);
        Assert.Contains("marked that requirement weak", first.Output, StringComparison.Ordinal);
        var changed = Enumerable.Range(0, before.Length).Where(i => before[i] != patched[i]).ToArray();
        Assert.Single(changed);
        Assert.Equal(before[changed[0]] | 0x2, patched[changed[0]]);
        Assert.Equal(0, second.ExitCode);
        Assert.Contains("already weak", second.Output, StringComparison.Ordinal);
        Assert.Equal(patched, File.ReadAllBytes(copy));
    }

    [Fact]
    public void Patch_HostThatProvidesTheVersion_LeavesFileUnchanged()
    {
        using var dir = new TempDirectory("glibcxx");
        var copy = dir.File("libLibTorchSharp.so");
        File.Copy(PristineLibrary(), copy);
        var fakeHost = dir.File("libstdc++.so.6");
        File.WriteAllBytes(fakeHost, "\0GLIBCXX_3.4.32\0"u8.ToArray());

        var result = Run(copy, "--host-libstdcxx", fakeHost);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("left unchanged", result.Output, StringComparison.Ordinal);
        Assert.Equal(File.ReadAllBytes(PristineLibrary()), File.ReadAllBytes(copy));
    }

    [Fact]
    public void Patch_NotAnElfFile_FailsWithReasonAndLeavesFile()
    {
        using var dir = new TempDirectory("glibcxx");
        var bogus = dir.File("libLibTorchSharp.so");
        File.WriteAllText(bogus, "not a library");

        var result = Run(bogus, "--force");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("not an ELF file", result.Output, StringComparison.Ordinal);
        Assert.Equal("not a library", File.ReadAllText(bogus));
    }

    [Fact]
    public void Patch_BuiltOutputCopy_IsAlreadyWeakWhereHostLacksVersion()
    {
        var output = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        var result = Run(output, "--force");
        var hostHasIt = File.ReadAllText("/usr/lib/x86_64-linux-gnu/libstdc++.so.6").Contains("GLIBCXX_3.4.32\0", StringComparison.Ordinal);
        Assert.Equal(0, result.ExitCode);
        if (!hostHasIt)
            Assert.Contains("already weak", result.Output, StringComparison.Ordinal);
    }

    private static string PristineLibrary()
    {
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var path = Path.Combine(packages, "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        Assert.True(File.Exists(path), $"TorchSharp's package copy is missing at {path}");
        return path;
    }

    private static (int ExitCode, string Output) Run(params string[] args)
    {
        var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Script);
        foreach (var a in args)
            start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result + stderr);
    }
}
