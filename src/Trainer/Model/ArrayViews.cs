using static TorchSharp.torch;

namespace Cluster.Trainer.Model;

/// <summary>
/// Tensors that view a managed float array in place (pinned while the tensor lives) instead of copying it. TorchSharp's
/// <c>torch.tensor(float[], shape)</c> copies into a NEW managed array: for a 32-image batch that was 1.5 MB on the
/// large-object heap every step, and a gen-2 collection every other step. The array must not change while the view is
/// in use; on a GPU, <c>.to(device)</c> then makes the one copy that is needed anyway.
/// </summary>
internal static class ArrayViews
{
    /// <summary>A view of <paramref name="values"/>[offset .. offset + Π shape) with the given shape.</summary>
    public static Tensor Of(float[] values, long offset, params long[] shape)
    {
        ArgumentNullException.ThrowIfNull(values);
        var length = shape.Aggregate(1L, (a, b) => a * b);
        if (offset < 0 || offset + length > values.Length)
            throw new ArgumentOutOfRangeException(nameof(offset), offset, $"a view of {length} values at {offset} does not fit in {values.Length}");
        using var whole = from_array(values);
        return whole.narrow(0, offset, length).view(shape);
    }
}
