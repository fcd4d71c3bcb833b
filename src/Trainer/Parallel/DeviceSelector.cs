using TorchSharp;
using static TorchSharp.torch;

namespace Cluster.Trainer.Parallel;

/// <summary>Chooses one device per replica at run time: cuda:i while CUDA devices last (unless CPU is forced), else CPU.</summary>
public static class DeviceSelector
{
    public static IReadOnlyList<Device> ForReplicas(int replicas, bool forceCpu = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(replicas, 1);
        var gpus = !forceCpu && cuda.is_available() ? cuda.device_count() : 0;
        if (gpus > 0 && replicas > gpus)
            throw new ArgumentOutOfRangeException(nameof(replicas), replicas, $"only {gpus} CUDA devices are visible; use at most that many replicas");
        return Enumerable.Range(0, replicas).Select(i => gpus > 0 ? new Device(DeviceType.CUDA, i) : CPU).ToArray();
    }
}
