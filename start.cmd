@echo off
rem Builds and starts ActorMessenger. Arguments go to the server:
rem   start.cmd                      http://127.0.0.1:5000, data in .\data
rem   start.cmd --host 0.0.0.0       open to the LAN
rem   start.cmd --port 8080 --data-dir D:\messenger
rem   start.cmd --restore data\backups\messenger_backup_20261201_030000.zip
rem                                  checks the backup, moves the current data to data\replaced_*,
rem                                  then starts on the restored data (a bad backup: exit code 2, nothing changed)
setlocal
where dotnet >nul 2>nul || (echo The .NET 10 SDK is needed: https://dotnet.microsoft.com/download & exit /b 1)
dotnet build "%~dp0Gateway\ActorMessenger.Gateway.csproj" -c Release -nologo -v quiet -clp:ErrorsOnly || exit /b 1
dotnet "%~dp0Gateway\bin\Release\net10.0\ActorMessenger.Gateway.dll" %*
exit /b %ERRORLEVEL%
