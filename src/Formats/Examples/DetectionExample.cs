using System.Security.Cryptography;
using Cluster.Formats.Examples.Proto;

namespace Cluster.Formats.Examples;

/// <summary>
/// A tf.train.Example in the TF Object Detection API layout, typed. Maps both ways with <see cref="ToExample"/> and
/// <see cref="FromExample"/>; features it does not know are kept in <see cref="OtherFeatures"/> and written back.
/// </summary>
public sealed partial record DetectionExample
{
    /// <summary>TensorFlow's decoder default for a missing <c>image/format</c>.</summary>
    public const string DefaultFormat = "jpeg";

    public int Height { get; init; }

    public int Width { get; init; }

    public string Filename { get; init; } = "";

    public string SourceId { get; init; } = "";

    /// <summary>Lower-case hex SHA-256 of <see cref="Encoded"/> (<c>image/key/sha256</c>).</summary>
    public string Sha256 { get; init; } = "";

    /// <summary>The encoded image bytes. <see cref="ToExample"/> wraps them without a copy: do not change them afterwards.</summary>
    public ReadOnlyMemory<byte> Encoded { get; init; }

    public string Format { get; init; } = DefaultFormat;

    public IReadOnlyList<DetectionObject> Objects { get; init; } = [];

    /// <summary>Features with keys outside <see cref="FeatureKeys.Known"/>, kept as read.</summary>
    public IReadOnlyDictionary<string, Feature> OtherFeatures { get; init; } = new Dictionary<string, Feature>();

    /// <summary>Lower-case hex SHA-256, as <c>image/key/sha256</c> holds it.</summary>
    public static string Sha256Hex(ReadOnlySpan<byte> encoded) => Convert.ToHexStringLower(SHA256.HashData(encoded));
}
