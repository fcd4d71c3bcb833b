namespace Cluster.Formats.Examples;

/// <summary>Bytes that are not a tf.train.Example, or an Example whose detection features do not fit together.</summary>
public sealed class ExampleFormatException : FormatException
{
    private ExampleFormatException(string message, string? key, Exception? inner = null)
        : base(message, inner)
    {
        Key = key;
    }

    /// <summary>The feature key at fault, if one is.</summary>
    public string? Key { get; }

    public static ExampleFormatException NotAnExample(Exception inner) =>
        new($"the record is not a tf.train.Example protobuf: {inner.Message}", null, inner);

    public static ExampleFormatException WrongKind(string key, string expected, string actual) =>
        new($"feature '{key}' should be a {expected} but is a {actual}", key);

    public static ExampleFormatException WrongCount(string key, int count, int boxes) =>
        new($"feature '{key}' has {count} values but the example has {boxes} boxes (one value per box expected)", key);

    public static ExampleFormatException OutOfRange(string key, long value) =>
        new($"feature '{key}' holds {value}, outside the range of a 32-bit image size", key);
}
