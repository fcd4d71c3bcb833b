using System.Text.Json;

namespace Cluster.Formats.Manifests;

/// <summary>The moves the COCO reader needs: enter the top-level object, read its property names, skip values,
/// enter arrays, and take array elements whole.</summary>
internal sealed partial class JsonStreamCursor
{
    public void EnterRootObject()
    {
        var type = Next((ref Utf8JsonReader r, out JsonTokenType t) =>
        {
            t = JsonTokenType.None;
            if (!r.Read())
            {
                return false;
            }

            t = r.TokenType;
            return true;
        });
        if (type != JsonTokenType.StartObject)
        {
            throw ManifestException.AtOffset(_file, 0, "expected a JSON object at the top level");
        }
    }

    /// <summary>The next property name of the current object, or null at its end.</summary>
    public string? NextPropertyName() => Next((ref Utf8JsonReader r, out string? name) =>
    {
        name = null;
        if (!r.Read())
        {
            return false;
        }

        if (r.TokenType == JsonTokenType.PropertyName)
        {
            name = r.GetString();
        }

        return true;
    });

    /// <summary>Reads the value after a property name: enters it and returns true when it is an array, else skips it whole.</summary>
    public bool EnterArrayOrSkip() => Next((ref Utf8JsonReader r, out bool isArray) =>
    {
        isArray = false;
        if (!r.Read())
        {
            return false;
        }

        if (r.TokenType == JsonTokenType.StartArray)
        {
            isArray = true;
            return true;
        }

        return r.TokenType is not JsonTokenType.StartObject || r.TrySkip();
    });

    /// <summary>Skips the value after a property name token by token, so a large skipped array (the images in pass 2)
    /// never has to fit in the buffer whole.</summary>
    public void SkipValue()
    {
        var startDepth = -1;
        var done = false;
        while (!done)
        {
            done = Next((ref Utf8JsonReader r, out bool found) =>
            {
                found = false;
                var progressed = false;
                while (r.Read())
                {
                    progressed = true;
                    if (startDepth < 0 && r.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray))
                    {
                        found = true;
                        return true;
                    }

                    if (startDepth < 0)
                    {
                        startDepth = r.CurrentDepth;
                    }
                    else if (r.TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray && r.CurrentDepth == startDepth)
                    {
                        found = true;
                        return true;
                    }
                }

                return progressed;
            });
        }
    }

    /// <summary>The next element of the current array as complete JSON bytes (valid until the next call) and its byte offset;
    /// false at the end of the array.</summary>
    public bool TryNextElement(out ReadOnlyMemory<byte> element, out long offset)
    {
        var (found, start, length) = Next((ref Utf8JsonReader r, out (bool, int, int) span) =>
        {
            span = default;
            if (!r.Read())
            {
                return false;
            }

            if (r.TokenType == JsonTokenType.EndArray)
            {
                return true;
            }

            var tokenStart = (int)r.TokenStartIndex;
            if (r.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && !r.TrySkip())
            {
                return false;
            }

            span = (true, tokenStart, (int)r.BytesConsumed - tokenStart);
            return true;
        });
        if (!found)
        {
            element = default;
            offset = Offset;
            return false;
        }

        // Next() advanced past the element; its bytes stay in the buffer until the next call.
        element = _buffer.AsMemory(_lastStepStart + start, length);
        offset = _bufferOffset + _lastStepStart + start;
        return true;
    }
}
