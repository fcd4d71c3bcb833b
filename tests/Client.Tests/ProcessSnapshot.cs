using System.Globalization;
using System.Text;

namespace Cluster.Client.Tests;

/// <summary>
/// For a failure message about a process that did not exit: the process and its children (Linux <c>/proc</c>), each with
/// its state and every thread's name, state and kernel wait channel, so a hang says which process and where.
/// </summary>
internal static class ProcessSnapshot
{
    public static string Of(int pid)
    {
        var text = new StringBuilder();
        try
        {
            Append(text, pid, depth: 0);
        }
        catch (IOException e)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"(snapshot cut short: {e.Message})");
        }

        return text.ToString();
    }

    private static void Append(StringBuilder text, int pid, int depth)
    {
        var root = $"/proc/{pid}";
        if (!Directory.Exists(root))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{new string(' ', depth * 2)}pid {pid}: gone");
            return;
        }

        var indent = new string(' ', depth * 2);
        text.AppendLine(CultureInfo.InvariantCulture, $"{indent}pid {pid} {Read($"{root}/cmdline").Replace('\0', ' ').Trim()}: {StateOf($"{root}/stat")}");
        foreach (var task in Directory.EnumerateDirectories($"{root}/task").Order(StringComparer.Ordinal))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{indent}  thread {Path.GetFileName(task)} {Read($"{task}/comm").Trim()}: {StateOf($"{task}/stat")} wchan={Read($"{task}/wchan")}");
        }

        foreach (var child in Read($"{root}/task/{pid}/children").Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            Append(text, int.Parse(child, CultureInfo.InvariantCulture), depth + 1);
        }
    }

    private static string StateOf(string statFile)
    {
        var stat = Read(statFile);
        var close = stat.LastIndexOf(')');
        return close > 0 && close + 2 < stat.Length ? stat[(close + 2)..].Split(' ')[0] : "?";
    }

    private static string Read(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return "";
        }
        catch (UnauthorizedAccessException)
        {
            return "";
        }
    }
}
