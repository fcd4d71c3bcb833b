using System.Diagnostics;

namespace Cluster.Formats.Telemetry;

/// <summary>Marks a span failed the OpenTelemetry way: error status, <c>error.type</c>, and the exception as an event.</summary>
public static class ActivityFailure
{
    /// <summary>Records an exception: <c>error.type</c> is its full type name, the status description its message.</summary>
    public static Activity? RecordFailure(this Activity? activity, Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (activity is null)
        {
            return null;
        }

        activity.SetStatus(ActivityStatusCode.Error, error.Message);
        activity.SetTag(TelemetryAttributes.ErrorType, error.GetType().FullName);
        activity.AddException(error);
        return activity;
    }

    /// <summary>Records a failure that is not an exception (a limit exceeded, a bad exit code) under a low-cardinality type.</summary>
    public static Activity? RecordFailure(this Activity? activity, string errorType, string description)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(errorType);
        activity?.SetStatus(ActivityStatusCode.Error, description);
        activity?.SetTag(TelemetryAttributes.ErrorType, errorType);
        return activity;
    }
}
