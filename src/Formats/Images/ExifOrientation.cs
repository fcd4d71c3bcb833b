namespace Cluster.Formats.Images;

/// <summary>EXIF orientation (1-8) geometry: how a point of the stored pixel grid (width W, height H) lands in the
/// displayed image. 1 identity; 2 mirror horizontally; 3 rotate 180; 4 mirror vertically; 5 transpose;
/// 6 rotate 90 clockwise; 7 transverse; 8 rotate 90 counter-clockwise. 5-8 swap width and height.</summary>
public static class ExifOrientation
{
    public static bool SwapsAxes(int orientation) => orientation is >= 5 and <= 8;

    public static (int Width, int Height) Displayed(int storedWidth, int storedHeight, int orientation)
        => SwapsAxes(orientation) ? (storedHeight, storedWidth) : (storedWidth, storedHeight);

    /// <summary>Maps a point (continuous coordinates, 0..W, 0..H) from the stored to the displayed frame.</summary>
    public static (double X, double Y) Map(double x, double y, double w, double h, int orientation) => orientation switch
    {
        2 => (w - x, y),
        3 => (w - x, h - y),
        4 => (x, h - y),
        5 => (y, x),
        6 => (h - y, x),
        7 => (h - y, w - x),
        8 => (y, w - x),
        _ => (x, y),
    };

    /// <summary>Maps a box (corners) from the stored to the displayed frame.</summary>
    public static (double XMin, double YMin, double XMax, double YMax) MapBox(
        double xmin, double ymin, double xmax, double ymax, double w, double h, int orientation)
    {
        var (ax, ay) = Map(xmin, ymin, w, h, orientation);
        var (bx, by) = Map(xmax, ymax, w, h, orientation);
        return (Math.Min(ax, bx), Math.Min(ay, by), Math.Max(ax, bx), Math.Max(ay, by));
    }
}
