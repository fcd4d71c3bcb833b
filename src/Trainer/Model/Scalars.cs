using TorchSharp;

namespace Cluster.Trainer.Model;

/// <summary>
/// Long-lived torch scalars for the hot paths. TorchSharp 0.107.0 turns a .NET number into a temporary
/// <see cref="Scalar"/> whose finalizer may run while the native call that uses it is still in flight (nothing keeps
/// it alive across the P/Invoke); under heavy allocation that crashed a long run once (Scalar::toFloat check). Passing
/// these static instances, or a <c>using</c>-scoped one for per-step values, keeps every scalar alive for the call.
/// </summary>
internal static class Scalars
{
    public static readonly Scalar One = 1.0f.ToScalar();
    public static readonly Scalar MinusOne = (-1.0f).ToScalar();
    public static readonly Scalar Two = 2.0f.ToScalar();
    public static readonly Scalar Four = 4.0f.ToScalar();
}
