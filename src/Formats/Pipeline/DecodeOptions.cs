using Cluster.Formats.Images;

namespace Cluster.Formats.Pipeline;

/// <summary>How the trainer-side decode stage turns encoded records into a <see cref="DecodedBatch"/>.</summary>
public sealed record DecodeOptions
{
    public int Width { get; init; } = 320;

    public int Height { get; init; } = 320;

    public InputFit Fit { get; init; } = InputFit.Letterbox;

    /// <summary>Probability of a horizontal flip per image (0: never). Seeded per record and epoch: the same run flips the same images.</summary>
    public double FlipProbability { get; init; }

    public long Seed { get; init; }

    /// <summary>Padding of a letterbox, per channel value 0-255 (114, as YOLO pads).</summary>
    public byte PadValue { get; init; } = 114;

    /// <summary>Per-channel mean (R, G, B) subtracted after scaling pixels to [0, 1].</summary>
    public IReadOnlyList<float> Mean { get; init; } = [0f, 0f, 0f];

    /// <summary>Per-channel standard deviation (R, G, B) divided by after the mean.</summary>
    public IReadOnlyList<float> Std { get; init; } = [1f, 1f, 1f];

    /// <summary>Images whose header declares more pixels are rejected before decoding.</summary>
    public long MaxPixels { get; init; } = new ImageOptions().MaxPixels;

    /// <summary>Checks the values; throws <see cref="ArgumentException"/> naming the bad one.</summary>
    public DecodeOptions Validated()
    {
        if (Width < 1 || Height < 1) throw new ArgumentException($"input size must be positive, got {Width}x{Height}");
        if ((long)Width * Height * 3 > Array.MaxLength / 64) throw new ArgumentException($"input size {Width}x{Height} is too large");
        if (FlipProbability is < 0 or > 1 || double.IsNaN(FlipProbability)) throw new ArgumentException($"flip probability must be in [0, 1], got {FlipProbability}");
        if (Mean.Count != 3 || Std.Count != 3) throw new ArgumentException("mean and std need 3 values (R, G, B)");
        if (Std.Any(s => s <= 0 || float.IsNaN(s))) throw new ArgumentException("std values must be positive");
        if (MaxPixels <= 0) throw new ArgumentException($"MaxPixels must be positive, got {MaxPixels}");
        return this;
    }
}
