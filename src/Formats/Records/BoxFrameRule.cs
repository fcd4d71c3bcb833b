using Cluster.Formats.Images;

namespace Cluster.Formats.Records;

/// <summary>Decides the frame of an image's boxes and checks the stated size.
/// Rule: boxes are in the displayed frame (EXIF orientation applied) and are kept as they are, except when
/// orientation is 5-8, the stated size equals the stored size (W×H as the pixels are stored) and differs from the
/// displayed size (H×W): then the annotator saw the stored pixels, and the boxes are rotated with them.
/// An explicit --box-frame overrides the rule. A stated size that matches neither frame's size is a size-mismatch;
/// a stated size that does not match the explicitly chosen frame is a size-mismatch too.</summary>
internal static class BoxFrameRule
{
    public static (BoxFrame Frame, string? Mismatch) Decide(ImageProbe probe, int? statedWidth, int? statedHeight, BoxFrame requested)
    {
        var stored = (probe.StoredWidth, probe.StoredHeight);
        var displayed = probe.Displayed;
        (int, int)? stated = statedWidth is { } w && statedHeight is { } h ? (w, h) : null;
        var frame = requested switch
        {
            BoxFrame.Stored => BoxFrame.Stored,
            BoxFrame.Displayed => BoxFrame.Displayed,
            _ => ExifOrientation.SwapsAxes(probe.Orientation) && stated == stored && stored != displayed ? BoxFrame.Stored : BoxFrame.Displayed,
        };
        if (stated is null || probe.Orientation == 1)
        {
            return (frame, stated is null || stated == stored ? null : Describe(stated.Value, stored, displayed));
        }

        var expected = frame == BoxFrame.Stored ? stored : displayed;
        return (frame, stated == expected ? null : Describe(stated.Value, stored, displayed));
    }

    private static string Describe((int W, int H) stated, (int W, int H) stored, (int W, int H) displayed)
        => stored == displayed
            ? $"manifest states {stated.W}x{stated.H}, the image is {stored.W}x{stored.H}"
            : $"manifest states {stated.W}x{stated.H}, the image is {stored.W}x{stored.H} stored and {displayed.W}x{displayed.H} displayed";
}
