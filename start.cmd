@echo off
rem Builds and starts ActorMessenger. Arguments go to the server:
rem   start.cmd                      http://127.0.0.1:5000, data in .\data
rem   start.cmd --host 0.0.0.0       open to the LAN
rem   start.cmd --port 8080 --data-dir D:\messenger
rem   start.cmd --restore data\backups\messenger_backup_20261201_030000.zip
rem                                  checks the backup, moves the current data to data\replaced_*,
rem                                  then starts on the restored data (a bad backup: exit code 2, nothing changed)
rem   start.cmd --no-browser         do not open the admin panel in the browser
rem The server prints the admin panel's and the messenger's addresses and opens the panel in the
rem default browser (as "start URL" would), not in CI, not over SSH, not with --no-browser.
rem A restart asked from the admin panel ends the server with exit code 75: this script starts it
rem again (without --restore and without opening the browser again). Ctrl+C stops it gracefully.
rem ACTORMESSENGER_DLL=path\ActorMessenger.Gateway.dll runs that build instead of building.
setlocal EnableExtensions
set "dll=%ACTORMESSENGER_DLL%"
if not defined dll (
  where dotnet >nul 2>nul || (echo The .NET 10 SDK is needed: https://dotnet.microsoft.com/download & exit /b 1)
  dotnet build "%~dp0Gateway\ActorMessenger.Gateway.csproj" -c Release -nologo -v quiet -clp:ErrorsOnly || exit /b 1
  set "dll=%~dp0Gateway\bin\Release\net10.0\ActorMessenger.Gateway.dll"
)
set "ACTORMESSENGER_SUPERVISED=1"
rem The command line of a restart: the backup is in place already, restoring it again would throw
rem away what was written since.
set "kept="
:drop
if "%~1"=="" goto dropped
if /i "%~1"=="--restore" (
  shift
  shift
  goto drop
)
set "kept=%kept% %1"
shift
goto drop
:dropped
dotnet "%dll%" --open-browser %*
:next
set "code=%ERRORLEVEL%"
if not "%code%"=="75" exit /b %code%
echo start.cmd: the server stopped for a restart (exit code 75); starting it again.
dotnet "%dll%" --no-browser %kept%
goto next
