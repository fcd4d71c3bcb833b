namespace Cluster.Formats.Images;

/// <summary>Resolves a manifest's image path under the images root. Rejects (path-escapes-root) paths that leave the
/// root lexically ("../", absolute paths elsewhere) or through a symbolic link, and (missing-image) paths with no file.</summary>
public static class ImagePathGuard
{
    private const int MaxLinkDepth = 40;

    public static string Resolve(string imagesRoot, string imagePath) => ResolveUnderRealRoot(RealRoot(imagesRoot), imagePath);

    /// <summary>The images root with every symbolic link along it followed: resolve it once with this, then each image
    /// with <see cref="ResolveUnderRealRoot"/> (a converter resolves thousands of images under one root).</summary>
    public static string RealRoot(string imagesRoot) => RealPath(Path.GetFullPath(imagesRoot), 0, null);

    /// <summary><see cref="Resolve"/> under a root <see cref="RealRoot"/> gave: only the parts below it are followed.</summary>
    public static string ResolveUnderRealRoot(string realRoot, string imagePath)
    {
        if (string.IsNullOrWhiteSpace(imagePath) || imagePath.Contains('\0', StringComparison.Ordinal))
        {
            throw ImageRejectedException.Escapes(imagePath, "empty path or a NUL character");
        }

        var root = realRoot;
        var candidate = Path.GetFullPath(Path.Combine(root, imagePath.Replace('\\', '/')));
        if (!IsUnder(candidate, root))
        {
            throw ImageRejectedException.Escapes(imagePath, $"resolves to {candidate}, outside the images root {root}");
        }

        var real = RealPath(candidate, 0, root);
        if (!IsUnder(real, root))
        {
            throw ImageRejectedException.Escapes(imagePath, $"a symbolic link leads to {real}, outside the images root {root}");
        }

        if (!File.Exists(real))
        {
            throw ImageRejectedException.Missing(imagePath, candidate);
        }

        return real;
    }

    private static bool IsUnder(string path, string root)
        => path.StartsWith(root.EndsWith(Path.DirectorySeparatorChar) ? root : root + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    /// <summary>The path with every symbolic link along it followed (like realpath(3)); parts that do not exist are kept.
    /// <paramref name="realPrefix"/>, when given, is a leading part of <paramref name="full"/> already free of links.</summary>
    private static string RealPath(string full, int depth, string? realPrefix)
    {
        if (depth > MaxLinkDepth)
        {
            throw ImageRejectedException.Escapes(full, "too many levels of symbolic links");
        }

        var current = realPrefix ?? Path.GetPathRoot(full)!;
        foreach (var part in full[current.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            var next = Path.Combine(current, part);
            var info = new FileInfo(next);
            if (info.LinkTarget is { } target)
            {
                next = RealPath(Path.GetFullPath(target, current), depth + 1, null);
            }

            current = next;
        }

        return current;
    }
}
