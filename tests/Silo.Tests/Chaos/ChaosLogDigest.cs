using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Cluster.Silo.Tests.Chaos;

/// <summary>
/// Makes the chaos cluster's logs fit a failure message that CI shows only the tail of: the whole logs go to a file under
/// <c>artifacts/test-results/chaos</c>, and the message carries each log's last warnings and errors (Azurite's HTTP
/// access lines dropped), then the headline again, so the reason is the last thing printed.
/// </summary>
internal static partial class ChaosLogDigest
{
    private const int LinesPerLog = 12;

    public static string Of(string headline, IReadOnlyList<(string Name, string Log)> logs)
    {
        var file = Save(logs);
        var text = new StringBuilder();
        text.AppendLine(headline);
        foreach (var (name, log) in logs)
        {
            var lines = log.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0 && !AccessLine().IsMatch(l));
            var notable = lines.Where(l => Notable().IsMatch(l)).TakeLast(LinesPerLog).ToList();
            text.AppendLine(CultureInfo.InvariantCulture, $"--- {name}: last {notable.Count} warnings/errors ---");
            foreach (var line in notable)
            {
                text.AppendLine(line.Length > 400 ? line[..400] + " …" : line);
            }
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"(whole logs: {file})");
        text.Append(headline);
        return text.ToString();
    }

    private static string Save(IReadOnlyList<(string Name, string Log)> logs)
    {
        var folder = Path.Combine(Cluster.Tests.Shared.RepoPaths.Root, "artifacts", "test-results", "chaos");
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"logs-{DateTime.UtcNow:yyyyMMdd-HHmmss-fff}.txt"));
        File.WriteAllText(file, string.Join("\n", logs.Select(l => $"--- {l.Name} ---\n{l.Log}")));
        return file;
    }

    [GeneratedRegex("\"(GET|PUT|POST|PATCH|DELETE|MERGE|HEAD) /devstoreaccount1")]
    private static partial Regex AccessLine();

    [GeneratedRegex("(warn|fail|crit|error|exception)", RegexOptions.IgnoreCase)]
    private static partial Regex Notable();
}
