using System.Text.Json;
using System.Text.Json.Serialization;

namespace Cluster.Formats.Pipeline;

/// <summary>
/// A <see cref="RecordHandle"/> in saved state as <c>[shard, offset, length, epoch]</c>: a shuffle buffer of 1024
/// handles is then ~20 KB of JSON instead of ~54 KB, and cheap to write on every reader-grain call. Also reads the
/// object form (<c>{"Shard":…,"Offset":…,"Length":…,"Epoch":…}</c>) of states saved before.
/// </summary>
public sealed class RecordHandleJsonConverter : JsonConverter<RecordHandle>
{
    public override RecordHandle Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.StartObject)
        {
            return ReadObject(ref reader);
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException($"a record handle is [shard, offset, length, epoch], found {reader.TokenType}");
        }

        var shard = NextInt(ref reader);
        var offset = Next(ref reader).GetInt64();
        var length = NextInt(ref reader);
        var epoch = NextInt(ref reader);
        if (!reader.Read() || reader.TokenType != JsonTokenType.EndArray)
        {
            throw new JsonException("a record handle has exactly 4 numbers: [shard, offset, length, epoch]");
        }

        return new RecordHandle(shard, offset, length, epoch);
    }

    public override void Write(Utf8JsonWriter writer, RecordHandle value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartArray();
        writer.WriteNumberValue(value.Shard);
        writer.WriteNumberValue(value.Offset);
        writer.WriteNumberValue(value.Length);
        writer.WriteNumberValue(value.Epoch);
        writer.WriteEndArray();
    }

    private static int NextInt(ref Utf8JsonReader reader) => Next(ref reader).GetInt32();

    private static ref Utf8JsonReader Next(ref Utf8JsonReader reader)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.Number)
        {
            throw new JsonException("a record handle has exactly 4 numbers: [shard, offset, length, epoch]");
        }

        return ref reader;
    }

    private static RecordHandle ReadObject(ref Utf8JsonReader reader)
    {
        var (shard, offset, length, epoch) = (0, 0L, 0, 0);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString();
            if (!reader.Read() || reader.TokenType != JsonTokenType.Number)
            {
                throw new JsonException($"record handle property {name} is not a number");
            }

            switch (name)
            {
                case nameof(RecordHandle.Shard): shard = reader.GetInt32(); break;
                case nameof(RecordHandle.Offset): offset = reader.GetInt64(); break;
                case nameof(RecordHandle.Length): length = reader.GetInt32(); break;
                case nameof(RecordHandle.Epoch): epoch = reader.GetInt32(); break;
                default: throw new JsonException($"unknown record handle property {name}");
            }
        }

        return new RecordHandle(shard, offset, length, epoch);
    }
}
