using McuBoot.Keys;

namespace McuBoot.Tests.Keys;

/// <summary>A password provider returning a fixed value and counting calls.</summary>
internal sealed class FixedPassword(string? password) : IPasswordProvider
{
    public int Calls { get; private set; }

    public string? GetPassword(string keyPath)
    {
        Calls++;
        return password;
    }
}
