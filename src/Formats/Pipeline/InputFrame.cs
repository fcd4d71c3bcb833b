namespace Cluster.Formats.Pipeline;

/// <summary>
/// Where an image of <see cref="SourceWidth"/>×<see cref="SourceHeight"/> lands in the model input: resized to
/// <see cref="ResizedWidth"/>×<see cref="ResizedHeight"/> at (<see cref="PadX"/>, <see cref="PadY"/>) of a
/// <see cref="Width"/>×<see cref="Height"/> canvas, optionally mirrored. Maps normalized boxes the same way.
/// </summary>
public readonly record struct InputFrame(int SourceWidth, int SourceHeight, int Width, int Height, int ResizedWidth, int ResizedHeight, int PadX, int PadY, bool Flipped)
{
    public static InputFrame For(int sourceWidth, int sourceHeight, int width, int height, InputFit fit, bool flip)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sourceWidth, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(sourceHeight, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        if (fit == InputFit.Stretch)
        {
            return new InputFrame(sourceWidth, sourceHeight, width, height, width, height, 0, 0, flip);
        }

        var scale = Math.Min((double)width / sourceWidth, (double)height / sourceHeight);
        var rw = Math.Clamp((int)Math.Round(sourceWidth * scale), 1, width);
        var rh = Math.Clamp((int)Math.Round(sourceHeight * scale), 1, height);
        return new InputFrame(sourceWidth, sourceHeight, width, height, rw, rh, (width - rw) / 2, (height - rh) / 2, flip);
    }

    /// <summary>Maps a box normalized to the source image (xmin, ymin, xmax, ymax) to one normalized to the input, clamped to [0, 1].</summary>
    public (float XMin, float YMin, float XMax, float YMax) Map(float xMin, float yMin, float xMax, float yMax)
    {
        var x0 = X(xMin);
        var x1 = X(xMax);
        var y0 = Clamp((yMin * ResizedHeight + PadY) / Height);
        var y1 = Clamp((yMax * ResizedHeight + PadY) / Height);
        return Flipped ? (1 - x1, y0, 1 - x0, y1) : (x0, y0, x1, y1);
    }

    private float X(float x) => Clamp((x * ResizedWidth + PadX) / Width);

    private static float Clamp(float v) => Math.Clamp(v, 0f, 1f);
}
