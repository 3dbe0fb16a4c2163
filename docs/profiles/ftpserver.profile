# Apache FtpServer 1.2 (org.apache.ftpserver:ftpserver-core).
# The shape: one class per command (implementations of one interface), named by the class; a failure
# is the reply code the command writes (>= 400), during the dispatch, on the same thread.
name = ftpserver
marker = org.apache.ftpserver.impl.DefaultFtpServer

# Every command is a class implementing Command (STOR, RETR, USER, ...). OPTS and SITE call their
# sub-commands' execute on the same thread: one dispatch, counted once, as OPTS or SITE.
hook.commands.target = org.apache.ftpserver.command.Command+#execute
hook.commands.command = class
hook.commands.vocabulary = ABOR;ACCT;APPE;AUTH;CDUP;CWD;DELE;EPRT;EPSV;FEAT;HELP;LANG;LIST;MD5;MDTM;MFMT;MKD;MLSD;MLST;MODE;NLST;NOOP;OPTS;PASS;PASV;PBSZ;PORT;PROT;PWD;QUIT;REIN;REST;RETR;RMD;RNFR;RNTO;SITE;SIZE;STAT;STOR;STOU;STRU;SYST;TYPE;USER
# The reply: FtpIoSession#write(FtpReply); a transfer writes 150 then 226 (or 4xx/5xx): the last one decides.
hook.commands.reply = org.apache.ftpserver.impl.FtpIoSession#write
hook.commands.reply-code = arg0.getCode()
hook.commands.fail-when = >= 400
hook.commands.error-names = table:421=ServiceNotAvailable;425=CantOpenDataConnection;426=TransferAborted;450=FileUnavailable;451=LocalError;452=InsufficientStorage;500=SyntaxError;501=BadArguments;502=NotImplemented;503=BadSequence;504=NotImplementedForParameter;530=NotLoggedIn;532=NeedAccount;550=FileNotFound;551=PageTypeUnknown;552=ExceededStorage;553=BadFileName
