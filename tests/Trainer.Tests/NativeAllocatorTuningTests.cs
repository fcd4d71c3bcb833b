using Cluster.Trainer.Parallel;
using Cluster.Trainer.Training;

namespace Cluster.Trainer.Tests;

public class NativeAllocatorTuningTests
{
    [Theory]
    [InlineData("glibc.malloc.trim_threshold=1048576", null, true)]
    [InlineData("glibc.cpu.hwcaps=-AVX512F:glibc.malloc.arena_max=2", null, true)]
    [InlineData("glibc.cpu.hwcaps=-AVX512F", null, false)]
    [InlineData(null, "65536", true)]
    [InlineData(null, null, false)]
    public void UserHasOwnSettings_OnlyMallocSettingsCount(string? tunables, string? mmapThreshold, bool expected)
    {
        var environment = new Dictionary<string, string?> { ["GLIBC_TUNABLES"] = tunables, ["MALLOC_MMAP_THRESHOLD_"] = mmapThreshold };
        Assert.Equal(expected, NativeAllocatorTuning.UserHasOwnSettings(name => environment.GetValueOrDefault(name)));
    }

    [Fact]
    public void DetectorTrainer_OnLinux_AppliesTheThresholdsUnlessTheUserSetTheirOwn()
    {
        using var trainer = new DetectorTrainer(TinyModels.Options(replicas: 1));
        var expected = OperatingSystem.IsLinux() && !NativeAllocatorTuning.UserHasOwnSettings(Environment.GetEnvironmentVariable);
        Assert.Equal(expected, NativeAllocatorTuning.IsApplied);
    }
}
