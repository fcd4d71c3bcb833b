namespace Cluster.Formats.Images;

/// <summary>Resolves a manifest's image path under the images root. Rejects (path-escapes-root) paths that leave the
/// root lexically ("../", absolute paths elsewhere) or through a symbolic link, and (missing-image) paths with no file.</summary>
public static class ImagePathGuard
{
    private const int MaxLinkDepth = 40;

    public static string Resolve(string imagesRoot, string imagePath)
    {
        if (string.IsNullOrWhiteSpace(imagePath) || imagePath.Contains('\0', StringComparison.Ordinal))
        {
            throw ImageRejectedException.Escapes(imagePath, "empty path or a NUL character");
        }

        var root = RealPath(Path.GetFullPath(imagesRoot), 0);
        var candidate = Path.GetFullPath(Path.Combine(root, imagePath.Replace('\\', '/')));
        if (!IsUnder(candidate, root))
        {
            throw ImageRejectedException.Escapes(imagePath, $"resolves to {candidate}, outside the images root {root}");
        }

        var real = RealPath(candidate, 0);
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

    /// <summary>The path with every symbolic link along it followed (like realpath(3)); parts that do not exist are kept.</summary>
    private static string RealPath(string full, int depth)
    {
        if (depth > MaxLinkDepth)
        {
            throw ImageRejectedException.Escapes(full, "too many levels of symbolic links");
        }

        var current = Path.GetPathRoot(full)!;
        foreach (var part in full[current.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            var next = Path.Combine(current, part);
            var info = new FileInfo(next);
            if (info.LinkTarget is { } target)
            {
                next = RealPath(Path.GetFullPath(target, current), depth + 1);
            }

            current = next;
        }

        return current;
    }
}
