using System.Collections;
using Microsoft.Build.Framework;

namespace McuBoot.Build.Tests.Infrastructure;

/// <summary>An MSBuild engine for running a task in-process: records every event; <see cref="OnMessage"/> sees messages as they are logged.</summary>
public sealed class RecordingBuildEngine : IBuildEngine
{
    /// <summary>The errors logged.</summary>
    public List<BuildErrorEventArgs> Errors { get; } = [];

    /// <summary>The warnings logged.</summary>
    public List<BuildWarningEventArgs> Warnings { get; } = [];

    /// <summary>The messages logged.</summary>
    public List<BuildMessageEventArgs> Messages { get; } = [];

    /// <summary>Called with each message as it is logged (e.g. to cancel the task at a given step).</summary>
    public Action<string>? OnMessage { get; set; }

    public bool ContinueOnError => false;

    public int LineNumberOfTaskNode => 0;

    public int ColumnNumberOfTaskNode => 0;

    /// <summary>What a real engine gives for a task called from a package's targets: the .targets file.</summary>
    public string ProjectFileOfTaskNode => "/package/build/McuBoot.Build.targets";

    public void LogErrorEvent(BuildErrorEventArgs e) => Errors.Add(e);

    public void LogWarningEvent(BuildWarningEventArgs e) => Warnings.Add(e);

    public void LogMessageEvent(BuildMessageEventArgs e)
    {
        Messages.Add(e);
        OnMessage?.Invoke(e.Message ?? string.Empty);
    }

    public void LogCustomEvent(CustomBuildEventArgs e)
    {
    }

    public bool BuildProjectFile(string projectFileName, string[] targetNames, IDictionary globalProperties, IDictionary targetOutputs) => false;
}
