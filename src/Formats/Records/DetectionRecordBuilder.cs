using Cluster.Formats.Examples;
using Cluster.Formats.Images;
using Cluster.Formats.LabelMaps;
using Cluster.Formats.Manifests;

namespace Cluster.Formats.Records;

/// <summary>Turns one <see cref="ManifestImage"/> into the bytes of a TF OD API tf.train.Example. Pure and deterministic:
/// the same image file, manifest entry, options and label map always give the same bytes.
/// Normalized coordinates are float32(pixel / size) computed in double, exactly as TensorFlow's dataset_util stores
/// Python's <c>xmin / width</c>; pixels are in the displayed frame before any --max-side resize (resizing scales
/// pixels and size alike, so normalized coordinates do not change; area is scaled).</summary>
public sealed class DetectionRecordBuilder
{
    private readonly ImageOptions _options;
    private readonly LabelMap _labelMap;
    private readonly IImageSource _images;

    public DetectionRecordBuilder(ImageOptions options, LabelMap labelMap, string imagesRoot)
        : this(options, labelMap, new FileImageSource(imagesRoot))
    {
    }

    public DetectionRecordBuilder(ImageOptions options, LabelMap labelMap, IImageSource images)
    {
        _options = (options ?? throw new ArgumentNullException(nameof(options))).Validated();
        _labelMap = labelMap ?? throw new ArgumentNullException(nameof(labelMap));
        _images = images ?? throw new ArgumentNullException(nameof(images));
    }

    public RecordBuildResult Build(ManifestImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        ImageProbe probe;
        NormalizedImage normalized;
        try
        {
            var bytes = _images.Read(image.ImagePath);
            probe = ImageProbe.Read(bytes, image.ImagePath);
            if (probe.Pixels > _options.MaxPixels)
            {
                throw ImageRejectedException.TooLarge(image.ImagePath, probe.Pixels, _options.MaxPixels);
            }

            var (frame, mismatch) = BoxFrameRule.Decide(probe, image.StatedWidth, image.StatedHeight, _options.BoxFrame);
            if (mismatch is not null)
            {
                return RejectImage(image, QuarantineReasons.SizeMismatch, mismatch);
            }

            normalized = ImageNormalizer.Normalize(bytes, probe, _options, image.ImagePath);
            return Assemble(image, probe, frame, normalized);
        }
        catch (ImageRejectedException e)
        {
            return RejectImage(image, e.Reason, e.Detail);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return RejectImage(image, QuarantineReasons.MissingImage, $"cannot read: {e.Message}");
        }
    }

    private RecordBuildResult Assemble(ManifestImage image, ImageProbe probe, BoxFrame frame, NormalizedImage normalized)
    {
        var (dw, dh) = probe.Displayed;
        double scaleX = (double)normalized.Width / dw, scaleY = (double)normalized.Height / dh;
        var objects = new List<DetectionObject>(image.Boxes.Count);
        var quarantined = new List<QuarantineEntry>();
        var fixedCount = 0;
        foreach (var box in image.Boxes)
        {
            var className = box.ClassName ?? (box.ClassId is { } cid ? _labelMap.NameOf(cid) : null);
            var label = className is null ? null : _labelMap.IdOf(className);
            if (label is null)
            {
                quarantined.Add(QuarantineEntry.For(box.Source, image.ImagePath, className, QuarantineReasons.UnknownClass,
                    className is null ? $"class id {box.ClassId} has no name" : $"class '{className}' is not in the label map"));
                continue;
            }

            var placed = BoxPlacement.Place(box, probe, frame);
            if (placed.Reason is not null)
            {
                quarantined.Add(QuarantineEntry.For(box.Source, image.ImagePath, className, placed.Reason, placed.Detail!));
                continue;
            }

            fixedCount += placed.Fixed ? 1 : 0;
            var area = box.Area ?? (placed.XMax - placed.XMin) * (placed.YMax - placed.YMin);
            objects.Add(new DetectionObject(
                (float)(placed.XMin / dw), (float)(placed.XMax / dw), (float)(placed.YMin / dh), (float)(placed.YMax / dh),
                className!, label.Value, box.Difficult, box.Truncated, box.Pose ?? "", box.IsCrowd, (float)(area * scaleX * scaleY)));
        }

        if (objects.Count == 0 && image.Boxes.Count > 0)
        {
            // Every box was rejected: writing the image would turn it into a false negative.
            return new RecordBuildResult { Quarantined = quarantined, BoxesQuarantined = quarantined.Count, FrameUsed = frame };
        }

        var name = image.ImagePath.Replace('\\', '/');
        var example = new DetectionExample
        {
            Height = normalized.Height,
            Width = normalized.Width,
            Filename = name,
            SourceId = name,
            Sha256 = DetectionExample.Sha256Hex(normalized.Encoded),
            Encoded = normalized.Encoded,
            Format = "jpeg",
            Objects = objects,
        };
        return new RecordBuildResult
        {
            ExampleMessage = example.ToExample(),
            Example = example,
            Quarantined = quarantined,
            BoxesWritten = objects.Count,
            BoxesFixed = fixedCount,
            BoxesQuarantined = quarantined.Count,
            FrameUsed = frame,
            PassedThrough = normalized.PassedThrough,
        };
    }

    private static RecordBuildResult RejectImage(ManifestImage image, string reason, string detail)
    {
        var entries = image.Boxes.Count == 0
            ? [new QuarantineEntry(image.Source.File, image.Source.Line, image.ImagePath, null, reason, detail)]
            : image.Boxes.Select(b => QuarantineEntry.For(b.Source, image.ImagePath, b.ClassName, reason, detail)).ToList();
        return new RecordBuildResult
        {
            Quarantined = entries,
            BoxesQuarantined = image.Boxes.Count,
            ImageRejectedReason = reason,
        };
    }
}
