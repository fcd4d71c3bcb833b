using Google.Protobuf;

namespace Cluster.Tests.Otlp;

/// <summary>
/// Reads an OTLP <c>ExportMetricsServiceRequest</c> (opentelemetry/proto/collector/metrics/v1) from protobuf bytes,
/// field by field with Google.Protobuf's CodedInputStream. Only what the tests assert on is kept: metric names,
/// point attributes, int/double values, histogram count/sum, exemplars. Unknown fields are skipped.
/// </summary>
internal static class OtlpMetricsDecoder
{
    public static List<OtlpMetricPoint> Decode(byte[] request)
    {
        var points = new List<OtlpMetricPoint>();
        ForEachField(request, (field, input) =>
        {
            if (field == 1)
            {
                ResourceMetrics(input.ReadBytes(), points);
            }
            else
            {
                input.SkipLastField();
            }
        });
        return points;
    }

    private static void ResourceMetrics(ByteString bytes, List<OtlpMetricPoint> points)
    {
        var service = string.Empty;
        var scopes = new List<ByteString>();
        ForEachField(bytes, (field, input) =>
        {
            switch (field)
            {
                case 1:
                    service = Attributes(input.ReadBytes(), attributesField: 1).GetValueOrDefault("service.name", string.Empty);
                    break;
                case 2:
                    scopes.Add(input.ReadBytes());
                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        });
        foreach (var scope in scopes)
        {
            ScopeMetrics(scope, service, points);
        }
    }

    private static void ScopeMetrics(ByteString bytes, string service, List<OtlpMetricPoint> points)
    {
        var scope = string.Empty;
        var metrics = new List<ByteString>();
        ForEachField(bytes, (field, input) =>
        {
            switch (field)
            {
                case 1:
                    ForEachField(input.ReadBytes(), (f, i) =>
                    {
                        if (f == 1)
                        {
                            scope = i.ReadString();
                        }
                        else
                        {
                            i.SkipLastField();
                        }
                    });
                    break;
                case 2:
                    metrics.Add(input.ReadBytes());
                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        });
        foreach (var metric in metrics)
        {
            Metric(metric, service, scope, points);
        }
    }

    private static void Metric(ByteString bytes, string service, string scope, List<OtlpMetricPoint> points)
    {
        var name = string.Empty;
        var data = new List<(int Kind, ByteString Bytes)>();
        ForEachField(bytes, (field, input) =>
        {
            switch (field)
            {
                case 1:
                    name = input.ReadString();
                    break;
                case 5 or 7 or 9: // gauge, sum, histogram
                    data.Add((field, input.ReadBytes()));
                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        });
        foreach (var (kind, payload) in data)
        {
            ForEachField(payload, (field, input) =>
            {
                if (field == 1)
                {
                    var point = input.ReadBytes();
                    points.Add(kind == 9 ? HistogramPoint(point, service, scope, name) : NumberPoint(point, service, scope, name));
                }
                else
                {
                    input.SkipLastField();
                }
            });
        }
    }

    private static OtlpMetricPoint NumberPoint(ByteString bytes, string service, string scope, string name)
    {
        long? intValue = null;
        double? doubleValue = null;
        ulong time = 0;
        var exemplars = new List<OtlpExemplar>();
        ForEachField(bytes, (field, input) =>
        {
            switch (field)
            {
                case 3: time = input.ReadFixed64(); break;
                case 4: doubleValue = input.ReadDouble(); break;
                case 5: exemplars.Add(Exemplar(input.ReadBytes())); break;
                case 6: intValue = input.ReadSFixed64(); break;
                default: input.SkipLastField(); break;
            }
        });
        return new OtlpMetricPoint(service, scope, name, Attributes(bytes, attributesField: 7), intValue, doubleValue, null, null, exemplars, time);
    }

    private static OtlpMetricPoint HistogramPoint(ByteString bytes, string service, string scope, string name)
    {
        ulong? count = null;
        double? sum = null;
        ulong time = 0;
        var exemplars = new List<OtlpExemplar>();
        ForEachField(bytes, (field, input) =>
        {
            switch (field)
            {
                case 3: time = input.ReadFixed64(); break;
                case 4: count = input.ReadFixed64(); break;
                case 5: sum = input.ReadDouble(); break;
                case 8: exemplars.Add(Exemplar(input.ReadBytes())); break;
                default: input.SkipLastField(); break;
            }
        });
        return new OtlpMetricPoint(service, scope, name, Attributes(bytes, attributesField: 9), null, null, count, sum, exemplars, time);
    }

    private static OtlpExemplar Exemplar(ByteString bytes)
    {
        string traceId = string.Empty, spanId = string.Empty;
        double value = 0;
        ForEachField(bytes, (field, input) =>
        {
            switch (field)
            {
                case 3: value = input.ReadDouble(); break;
                case 4: spanId = Convert.ToHexStringLower(input.ReadBytes().Span); break;
                case 5: traceId = Convert.ToHexStringLower(input.ReadBytes().Span); break;
                case 6: value = input.ReadSFixed64(); break;
                default: input.SkipLastField(); break;
            }
        });
        return new OtlpExemplar(traceId, spanId, value);
    }

    /// <summary>KeyValue attributes (key = 1, AnyValue = 2) found at <paramref name="attributesField"/> of a message.</summary>
    private static Dictionary<string, string> Attributes(ByteString message, int attributesField)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        ForEachField(message, (field, input) =>
        {
            if (field != attributesField)
            {
                input.SkipLastField();
                return;
            }

            string key = string.Empty, value = string.Empty;
            ForEachField(input.ReadBytes(), (f, kv) =>
            {
                if (f == 1)
                {
                    key = kv.ReadString();
                }
                else if (f == 2)
                {
                    value = AnyValue(kv.ReadBytes());
                }
                else
                {
                    kv.SkipLastField();
                }
            });
            attributes[key] = value;
        });
        return attributes;
    }

    private static string AnyValue(ByteString bytes)
    {
        var text = string.Empty;
        ForEachField(bytes, (field, input) =>
        {
            text = field switch
            {
                1 => input.ReadString(),
                2 => input.ReadBool() ? "true" : "false",
                3 => input.ReadInt64().ToString(System.Globalization.CultureInfo.InvariantCulture),
                4 => input.ReadDouble().ToString("R", System.Globalization.CultureInfo.InvariantCulture),
                _ => Skip(input),
            };
        });
        return text;
    }

    private static string Skip(CodedInputStream input)
    {
        input.SkipLastField();
        return string.Empty;
    }

    private static void ForEachField(ByteString bytes, Action<int, CodedInputStream> read) => ForEachField(bytes.ToByteArray(), read);

    private static void ForEachField(byte[] bytes, Action<int, CodedInputStream> read)
    {
        var input = new CodedInputStream(bytes);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            read(WireFormat.GetTagFieldNumber(tag), input);
        }
    }
}
