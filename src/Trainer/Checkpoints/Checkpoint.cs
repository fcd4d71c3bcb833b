using System.Text;
using Cluster.Trainer.Model;
using Cluster.Trainer.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Cluster.Trainer.Checkpoints;

/// <summary>
/// One checkpoint file, little-endian:
///   "CLSTCKPT" | int32 format version (1) | model shape: int32 classes, height, width, base channels |
///   int64 step | int32 epoch | int32 reader-state length + bytes (opaque, owned by the reader) |
///   TorchSharp module state (Module.save) | AdamW state (int64 step, int32 count, per parameter both moments as
///   int32 length + float32 values) | "END!".
/// Written to a temporary name in the same folder and renamed over the target, so a crash never leaves a torn file.
/// </summary>
public static class Checkpoint
{
    private const int FormatVersion = 1;
    private static readonly byte[] Magic = "CLSTCKPT"u8.ToArray();
    private static readonly byte[] Trailer = "END!"u8.ToArray();

    public static void Save(string path, CenterNetDetector model, AdamWOptimizer optimizer, TrainingState state, ReadOnlySpan<byte> readerState)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(state);
        var full = System.IO.Path.GetFullPath(path);
        var directory = System.IO.Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(directory);
        var temp = System.IO.Path.Combine(directory, $".{System.IO.Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
            {
                writer.Write(Magic);
                writer.Write(FormatVersion);
                var config = model.Config;
                writer.Write(config.Classes);
                writer.Write(config.InputHeight);
                writer.Write(config.InputWidth);
                writer.Write(config.BaseChannels);
                writer.Write(state.Step);
                writer.Write(state.Epoch);
                writer.Write(readerState.Length);
                writer.Write(readerState);
                model.save(writer);
                optimizer.Save(writer);
                writer.Write(Trailer);
                writer.Flush();
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    /// <summary>
    /// Loads only the model (for evaluation or export): the shape comes from the file, the optimizer state is skipped.
    /// The caller owns the returned model.
    /// </summary>
    public static (CenterNetDetector Model, TrainingState State) LoadModel(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
            throw new FileNotFoundException($"checkpoint '{path}' does not exist", path);
        using var stream = File.OpenRead(path);
        using var reader = new BinaryReader(stream, Encoding.UTF8);
        try
        {
            var (config, state, _) = ReadHeader(path, stream, reader);
            var model = new CenterNetDetector(config);
            try
            {
                model.load(reader);
            }
            catch
            {
                model.Dispose();
                throw;
            }

            return (model, state);
        }
        catch (EndOfStreamException e)
        {
            throw new CheckpointFormatException(path, $"truncated at offset {stream.Position}", e);
        }
    }

    /// <summary>Loads the checkpoint into every (model, optimizer) pair and returns the run state and reader state.</summary>
    public static RestoredCheckpoint Load(string path, DetectorConfig expected, IReadOnlyList<(CenterNetDetector Model, AdamWOptimizer Optimizer)> targets)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(targets);
        if (!File.Exists(path))
            throw new FileNotFoundException($"checkpoint '{path}' does not exist", path);
        RestoredCheckpoint? restored = null;
        foreach (var (model, optimizer) in targets)
        {
            using var stream = File.OpenRead(path);
            using var reader = new BinaryReader(stream, Encoding.UTF8);
            try
            {
                var (stored, state, readerState) = ReadHeader(path, stream, reader);
                if (stored != expected)
                    throw new CheckpointFormatException(path, $"it holds a model {stored}, the trainer is configured for {expected}");
                model.load(reader);
                try
                {
                    optimizer.Load(reader);
                }
                catch (InvalidDataException e)
                {
                    throw new CheckpointFormatException(path, e.Message, e);
                }
                var trailer = reader.ReadBytes(Trailer.Length);
                if (!trailer.AsSpan().SequenceEqual(Trailer))
                    throw new CheckpointFormatException(path, $"missing end marker at offset {stream.Position - trailer.Length}: the file is truncated or corrupt");
                restored ??= new RestoredCheckpoint(state, readerState);
            }
            catch (EndOfStreamException e)
            {
                throw new CheckpointFormatException(path, $"truncated at offset {stream.Position}", e);
            }
        }

        return restored ?? throw new ArgumentException("no model to restore into", nameof(targets));
    }

    private static (DetectorConfig Config, TrainingState State, byte[] ReaderState) ReadHeader(string path, Stream stream, BinaryReader reader)
    {
        var magic = reader.ReadBytes(Magic.Length);
        if (!magic.AsSpan().SequenceEqual(Magic))
            throw new CheckpointFormatException(path, "not a Cluster checkpoint (bad magic)");
        var version = reader.ReadInt32();
        if (version != FormatVersion)
            throw new CheckpointFormatException(path, $"format version {version} is not supported (expected {FormatVersion})");
        var config = new DetectorConfig(reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32());
        try
        {
            config.Validate();
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new CheckpointFormatException(path, $"invalid model shape {config}", e);
        }

        var state = new TrainingState(reader.ReadInt64(), reader.ReadInt32());
        var length = reader.ReadInt32();
        if (length < 0 || length > stream.Length - stream.Position)
            throw new CheckpointFormatException(path, $"reader state length {length} at offset {stream.Position - 4} exceeds the file");
        return (config, state, reader.ReadBytes(length));
    }
}
