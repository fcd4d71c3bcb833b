using System.Runtime.InteropServices;
using Cluster.Formats.Examples;
using Cluster.Formats.Images;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace Cluster.Formats.Pipeline;

/// <summary>
/// Decodes a <see cref="RecordBatch"/> into a <see cref="DecodedBatch"/>: parses each record
/// (<see cref="DetectionExample.Parse"/>), checks the header's pixel count against the limit, decodes the JPEG
/// (ImageSharp), letterboxes or stretches it to the input, flips it when the record's seeded draw says so, and writes
/// normalized NCHW floats into the caller's buffer; boxes are mapped by the same <see cref="InputFrame"/>.
/// Thread-safe (no state besides the options).
/// </summary>
public sealed class BatchDecoder
{
    private readonly DecodeOptions _options;

    public BatchDecoder(DecodeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Validated();
    }

    /// <summary>Floats per image.</summary>
    public int ImageLength => 3 * _options.Width * _options.Height;

    /// <summary>Decodes <paramref name="batch"/> into <paramref name="pixels"/> (at least <c>Count × ImageLength</c> floats).</summary>
    public DecodedBatch Decode(RecordBatch batch, float[] pixels)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(pixels);
        ArgumentOutOfRangeException.ThrowIfLessThan(pixels.Length, batch.Count * ImageLength);
        var targets = new DecodedTarget[batch.Count];
        var ids = new string[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            var record = batch.Records[i];
            var name = $"{record.File} at offset {record.Handle.Offset}";
            DetectionExample example;
            try
            {
                example = DetectionExample.Parse(record.Data.Span);
            }
            catch (ExampleFormatException e)
            {
                throw new InvalidDataException($"{name}: not a detection example ({e.Message})", e);
            }

            ids[i] = example.SourceId;
            var flip = Flips(record.Handle);
            var frame = DecodeInto(example.Encoded, $"{name} ({example.SourceId})", flip, pixels, i * ImageLength);
            targets[i] = Target(example, frame);
        }

        return new DecodedBatch(batch.Count, _options.Height, _options.Width, pixels, targets, ids);
    }

    /// <summary>Whether the record at <paramref name="handle"/> is flipped: a draw seeded by (seed, epoch, shard, offset).</summary>
    public bool Flips(RecordHandle handle) =>
        _options.FlipProbability > 0 &&
        new PipelineRandom(PipelineRandom.Derive(_options.Seed, handle.Epoch, handle.Shard, handle.Offset)).NextDouble() < _options.FlipProbability;

    private InputFrame DecodeInto(ReadOnlyMemory<byte> encoded, string name, bool flip, float[] output, int start)
    {
        var bytes = MemoryMarshal.TryGetArray(encoded, out var segment) ? segment : new ArraySegment<byte>(encoded.ToArray());
        try
        {
            var info = Image.Identify(new MemoryStream(bytes.Array!, bytes.Offset, bytes.Count, writable: false))
                ?? throw ImageRejectedException.Undecodable(name, "not an image format ImageSharp 2.1 knows");
            if ((long)info.Width * info.Height > _options.MaxPixels)
            {
                throw ImageRejectedException.TooLarge(name, (long)info.Width * info.Height, _options.MaxPixels);
            }

            using var image = Image.Load<Rgb24>(new MemoryStream(bytes.Array!, bytes.Offset, bytes.Count, writable: false));
            var frame = InputFrame.For(image.Width, image.Height, _options.Width, _options.Height, _options.Fit, flip);
            if ((image.Width, image.Height) != (frame.ResizedWidth, frame.ResizedHeight))
            {
                image.Mutate(x => x.Resize(frame.ResizedWidth, frame.ResizedHeight));
            }

            Write(image, frame, output, start);
            return frame;
        }
        catch (Exception e) when (e is UnknownImageFormatException or InvalidImageContentException or NotSupportedException or InvalidDataException or IndexOutOfRangeException or ArgumentException)
        {
            throw ImageRejectedException.Undecodable(name, $"pixels cannot be decoded: {e.Message}", e);
        }
    }

    private void Write(Image<Rgb24> image, InputFrame frame, float[] output, int start)
    {
        var (w, h) = (_options.Width, _options.Height);
        var plane = w * h;
        var scale = new float[3];
        var shift = new float[3];
        for (var c = 0; c < 3; c++)
        {
            scale[c] = 1f / (255f * _options.Std[c]);
            shift[c] = _options.Mean[c] / _options.Std[c];
            if (frame.ResizedWidth != w || frame.ResizedHeight != h)
            {
                output.AsSpan(start + c * plane, plane).Fill(_options.PadValue * scale[c] - shift[c]);
            }
        }

        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
            {
                var row = rows.GetRowSpan(y);
                var line = start + (y + frame.PadY) * w;
                for (var x = 0; x < row.Length; x++)
                {
                    var column = x + frame.PadX;
                    var at = line + (frame.Flipped ? w - 1 - column : column);
                    output[at] = row[x].R * scale[0] - shift[0];
                    output[at + plane] = row[x].G * scale[1] - shift[1];
                    output[at + 2 * plane] = row[x].B * scale[2] - shift[2];
                }
            }
        });
    }

    private static DecodedTarget Target(DetectionExample example, InputFrame frame)
    {
        var boxes = new float[example.Objects.Count * 4];
        var labels = new int[example.Objects.Count];
        for (var i = 0; i < example.Objects.Count; i++)
        {
            var o = example.Objects[i];
            (boxes[4 * i], boxes[4 * i + 1], boxes[4 * i + 2], boxes[4 * i + 3]) = frame.Map(o.XMin, o.YMin, o.XMax, o.YMax);
            labels[i] = (int)o.ClassLabel;
        }

        return new DecodedTarget(boxes, labels);
    }
}
