namespace Cluster.Trainer.Model;

/// <summary>
/// Shape of a <see cref="CenterNetDetector"/>: how many classes it detects, the input size it is trained at (pixels,
/// both multiples of <see cref="Stride"/>), and the channel width of its first stage (later stages double it).
/// </summary>
public sealed record DetectorConfig(int Classes, int InputHeight, int InputWidth, int BaseChannels = 16)
{
    /// <summary>Input pixels per output cell: the heatmap is InputHeight/4 × InputWidth/4.</summary>
    public const int Stride = 4;

    public int OutputHeight => InputHeight / Stride;

    public int OutputWidth => InputWidth / Stride;

    /// <summary>Channels of the output tensor: one heatmap per class, then size (w, h) and offset (x, y).</summary>
    public int OutputChannels => Classes + 4;

    public void Validate()
    {
        if (Classes < 1)
            throw new ArgumentOutOfRangeException(nameof(Classes), Classes, "a detector needs at least one class");
        if (InputHeight < 32 || InputHeight % 16 != 0)
            throw new ArgumentOutOfRangeException(nameof(InputHeight), InputHeight, "input height must be a multiple of 16, at least 32");
        if (InputWidth < 32 || InputWidth % 16 != 0)
            throw new ArgumentOutOfRangeException(nameof(InputWidth), InputWidth, "input width must be a multiple of 16, at least 32");
        if (BaseChannels < 8 || BaseChannels % 8 != 0)
            throw new ArgumentOutOfRangeException(nameof(BaseChannels), BaseChannels, "base channels must be a positive multiple of 8");
    }
}
