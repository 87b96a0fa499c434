namespace Wasmc.Containers.Doctor;

/// <summary>What the doctor reads from the machine; replaced in tests.</summary>
internal interface IDoctorEnvironment
{
    bool FileExists(string path);

    bool DirectoryExists(string path);

    /// <summary>The file's text, or null when it cannot be read.</summary>
    string? ReadText(string path);

    string? GetEnvironmentVariable(string name);

    /// <summary>Free bytes on the file system holding <paramref name="path"/>, or null when it is not visible here.</summary>
    long? FreeBytes(string path);
}

internal sealed class SystemDoctorEnvironment : IDoctorEnvironment
{
    public static SystemDoctorEnvironment Instance { get; } = new();

    public bool FileExists(string path) => File.Exists(path);

    public bool DirectoryExists(string path) => Directory.Exists(path);

    public string? ReadText(string path)
    {
        try
        {
            return File.Exists(path) ? File.ReadAllText(path) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public string? GetEnvironmentVariable(string name) => Environment.GetEnvironmentVariable(name);

    public long? FreeBytes(string path)
    {
        try
        {
            return Directory.Exists(path) ? new DriveInfo(path).AvailableFreeSpace : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null;
        }
    }
}
