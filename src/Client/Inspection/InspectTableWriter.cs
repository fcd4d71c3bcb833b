using System.Globalization;
using Spectre.Console;

namespace Cluster.Client.Inspection;

/// <summary><c>inspect</c> for people: a summary line, a table of feature keys, and one table per shown record.</summary>
public static class InspectTableWriter
{
    private const int MaxValuesShown = 12;

    public static void Write(IAnsiConsole console, InspectReport report)
    {
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{report.File}: {report.Records} records, {report.UncompressedBytes} bytes uncompressed, compression {report.Compression.ToString().ToLowerInvariant()}"));
        if (report.NotExamples > 0)
        {
            console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{report.NotExamples} records are not tf.train.Example protobufs"));
        }

        var keys = new Table().AddColumns("key", "type", "records", "values per record", "total values");
        foreach (var f in report.Features)
        {
            var perRecord = f.MinValues == f.MaxValues ? $"{f.MinValues}" : $"{f.MinValues}-{f.MaxValues}";
            keys.AddRow(Markup.Escape(f.Key), f.Kind, $"{f.Records}", perRecord, $"{f.TotalValues}");
        }

        console.Write(keys);
        foreach (var record in report.FirstRecords)
        {
            WriteRecord(console, record);
        }
    }

    private static void WriteRecord(IAnsiConsole console, RecordView record)
    {
        console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"record {record.Index} (offset {record.Offset}, {record.Size} bytes):"));
        var table = new Table().AddColumns("key", "values");
        foreach (var (key, feature) in record.SortedFeatures)
        {
            var values = FeatureValueText.Display(key, feature).ToList();
            var shown = string.Join(", ", values.Take(MaxValuesShown));
            if (values.Count > MaxValuesShown)
            {
                shown += $", ... ({values.Count - MaxValuesShown} more)";
            }

            table.AddRow(new Text(key), new Text(shown));
        }

        if (record.Example is null)
        {
            table.AddRow(new Text("(not a tf.train.Example)"), new Text(""));
        }

        console.Write(table);
    }
}
