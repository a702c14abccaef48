namespace McuBoot.Tests.Properties;

/// <summary>One dependency of a random option set: image id and version parts.</summary>
internal sealed record DependencySpec(int ImageId, int Major, int Minor, int Revision, uint Build)
{
    public string VersionText => $"{Major}.{Minor}.{Revision}+{Build}";
}
