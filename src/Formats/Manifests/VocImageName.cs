namespace Cluster.Formats.Manifests;

/// <summary>Picks the image file of a VOC annotation: its &lt;filename&gt; when that file exists, else the XML's own
/// name with a common image extension; a disagreement is reported through <see cref="ManifestReadOptions.OnNotice"/>.</summary>
internal static class VocImageName
{
    private static readonly string[] Extensions = [".jpg", ".jpeg", ".png", ".JPG", ".JPEG", ".PNG", ".bmp"];

    public static string Choose(string xmlPath, string? stated, string imagesFolder, ManifestReadOptions options)
    {
        var stem = Path.GetFileNameWithoutExtension(xmlPath);
        if (!string.IsNullOrEmpty(stated))
        {
            if (Path.GetFileNameWithoutExtension(stated) == stem || File.Exists(Path.Combine(imagesFolder, stated)))
            {
                if (Path.GetFileNameWithoutExtension(stated) != stem)
                {
                    options.OnNotice?.Invoke($"{xmlPath}: <filename> '{stated}' differs from the XML's name; used <filename> '{stated}' (it exists)");
                }

                return stated;
            }
        }

        var byStem = Extensions.Select(e => stem + e).FirstOrDefault(n => File.Exists(Path.Combine(imagesFolder, n))) ?? stem + ".jpg";
        if (!string.IsNullOrEmpty(stated))
        {
            options.OnNotice?.Invoke($"{xmlPath}: <filename> '{stated}' differs from the XML's name and does not exist; used '{byStem}' from the XML's name");
        }

        return byStem;
    }
}
