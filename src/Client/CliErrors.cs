using Cluster.Formats.TfRecords;

namespace Cluster.Client;

/// <summary>Maps an exception that escaped a verb to an exit code and a one-line message on stderr (no stack trace).</summary>
public static class CliErrors
{
    /// <summary>The exit code for <paramref name="error"/>.</summary>
    public static int ExitCodeOf(Exception error) => error switch
    {
        TfRecordException => ExitCodes.DataLoss,
        UsageException => ExitCodes.Usage,
        OperationCanceledException => ExitCodes.Interrupted,
        _ => ExitCodes.Failure,
    };

    /// <summary>The message for <paramref name="error"/>: what went wrong, where, and for unexpected errors the type.</summary>
    public static string MessageOf(Exception error) => error switch
    {
        OperationCanceledException => "interrupted",
        FileNotFoundException e => $"file not found: {e.FileName ?? e.Message}",
        DirectoryNotFoundException e => $"folder not found: {e.Message}",
        UnauthorizedAccessException e => $"access denied: {e.Message}",
        IOException or FormatException or UsageException or ArgumentException or InvalidDataException => error.Message,
        _ => $"unexpected {error.GetType().Name}: {error.Message}",
    };

    /// <summary>Writes <c>error: MESSAGE</c> to <paramref name="stderr"/> and returns the exit code.</summary>
    public static int Report(Exception error, TextWriter stderr)
    {
        stderr.WriteLine($"error: {MessageOf(error)}");
        return ExitCodeOf(error);
    }
}
