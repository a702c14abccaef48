using System.Collections;
using Microsoft.Build.Framework;

namespace McuBoot.Build.Tests.Infrastructure;

/// <summary>A task item whose metadata reads throw <see cref="Error"/>: injects a failure into a task's real input path.</summary>
public sealed class ThrowingTaskItem(string itemSpec, Func<Exception> error) : ITaskItem
{
    /// <summary>Makes the exception thrown on every metadata read.</summary>
    public Func<Exception> Error { get; } = error;

    public string ItemSpec { get; set; } = itemSpec;

    public ICollection MetadataNames => throw Error();

    public int MetadataCount => throw Error();

    public string GetMetadata(string metadataName) => throw Error();

    public void SetMetadata(string metadataName, string metadataValue) => throw Error();

    public void RemoveMetadata(string metadataName) => throw Error();

    public void CopyMetadataTo(ITaskItem destinationItem) => throw Error();

    public IDictionary CloneCustomMetadata() => throw Error();
}
