namespace Cluster.Trainer.Targets;

/// <summary>
/// CenterNet's Gaussian radius: the largest corner displacement r such that a box shifted by r still has IoU ≥
/// <paramref name="minOverlap"/> with the original (the three quadratic cases of CornerNet's gaussian_radius).
/// </summary>
internal static class GaussianRadius
{
    public static double For(double height, double width, double minOverlap = 0.7)
    {
        var b1 = height + width;
        var c1 = width * height * (1 - minOverlap) / (1 + minOverlap);
        var r1 = (b1 + Math.Sqrt(b1 * b1 - 4 * c1)) / 2;

        var b2 = 2 * (height + width);
        var c2 = (1 - minOverlap) * width * height;
        var r2 = (b2 + Math.Sqrt(b2 * b2 - 16 * c2)) / 2;

        var a3 = 4 * minOverlap;
        var b3 = -2 * minOverlap * (height + width);
        var c3 = (minOverlap - 1) * width * height;
        var r3 = (b3 + Math.Sqrt(b3 * b3 - 4 * a3 * c3)) / 2;

        return Math.Max(0, Math.Min(r1, Math.Min(r2, r3)));
    }
}
