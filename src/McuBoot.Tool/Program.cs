using McuBoot.Tool;

var context = new CliContext(Console.Out, Console.Error, Environment.CurrentDirectory, interactive: !Console.IsInputRedirected)
{
    RawOut = Console.OpenStandardOutput(),
};
return McuBootCli.Run(args, context);
