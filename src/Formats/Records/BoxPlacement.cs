using Cluster.Formats.Images;
using Cluster.Formats.Manifests;

namespace Cluster.Formats.Records;

/// <summary>Places one manifest box in the displayed image: scales normalized (YOLO) boxes by the frame's size, maps
/// stored-frame boxes through the EXIF orientation, then validates: non-finite or empty → degenerate-box; more than
/// one pixel outside → box-outside-image; up to one pixel outside → clipped and counted as fixed.</summary>
internal static class BoxPlacement
{
    public const double Tolerance = 1.0;

    public static (double XMin, double YMin, double XMax, double YMax, bool Fixed, string? Reason, string? Detail) Place(
        ManifestBox box, ImageProbe probe, BoxFrame frame)
    {
        var (fw, fh) = frame == BoxFrame.Stored ? (probe.StoredWidth, probe.StoredHeight) : probe.Displayed;
        double x0 = box.XMin, y0 = box.YMin, x1 = box.XMax, y1 = box.YMax;
        if (box.Normalized)
        {
            (x0, y0, x1, y1) = (x0 * fw, y0 * fh, x1 * fw, y1 * fh);
        }

        if (!(double.IsFinite(x0) && double.IsFinite(y0) && double.IsFinite(x1) && double.IsFinite(y1)))
        {
            return (0, 0, 0, 0, false, QuarantineReasons.DegenerateBox, "a coordinate is not finite");
        }

        if (x1 <= x0 || y1 <= y0)
        {
            return (0, 0, 0, 0, false, QuarantineReasons.DegenerateBox, $"box ({x0}, {y0})-({x1}, {y1}) has no area");
        }

        if (frame == BoxFrame.Stored && probe.Orientation != 1)
        {
            (x0, y0, x1, y1) = ExifOrientation.MapBox(x0, y0, x1, y1, probe.StoredWidth, probe.StoredHeight, probe.Orientation);
        }

        var (w, h) = probe.Displayed;
        if (x0 < -Tolerance || y0 < -Tolerance || x1 > w + Tolerance || y1 > h + Tolerance)
        {
            return (0, 0, 0, 0, false, QuarantineReasons.BoxOutsideImage,
                $"box ({x0}, {y0})-({x1}, {y1}) lies more than {Tolerance} pixel outside the {w}x{h} image");
        }

        var (cx0, cy0, cx1, cy1) = (Math.Max(0, x0), Math.Max(0, y0), Math.Min(w, x1), Math.Min(h, y1));
        if (cx1 <= cx0 || cy1 <= cy0)
        {
            return (0, 0, 0, 0, false, QuarantineReasons.DegenerateBox, $"box ({x0}, {y0})-({x1}, {y1}) has no area inside the image");
        }

        var clipped = cx0 != x0 || cy0 != y0 || cx1 != x1 || cy1 != y1;
        return (cx0, cy0, cx1, cy1, clipped, null, null);
    }
}
