# GreenMail 2.1 (com.icegreen:greenmail), its SMTP server.
# The shape: the command is the first word of the text line the client sent; a failure is the reply
# line the command writes, whose leading digits are the code (>= 400).
name = greenmail-smtp
marker = com.icegreen.greenmail.smtp.SmtpServer

# Every command class extends SmtpCommand; the fourth argument is the whole line (client data: only
# its first word is read, and only a word of the vocabulary is kept).
hook.smtp.target = com.icegreen.greenmail.smtp.commands.SmtpCommand+#execute
hook.smtp.command = arg3
hook.smtp.command-regex = ^\s*([A-Za-z]+)
hook.smtp.command-case = upper
hook.smtp.vocabulary = HELO;EHLO;MAIL;RCPT;DATA;RSET;VRFY;NOOP;QUIT;AUTH
hook.smtp.reply = com.icegreen.greenmail.smtp.SmtpConnection#send
hook.smtp.reply-code = arg0
hook.smtp.fail-when = >= 400
hook.smtp.error-names = table:421=ServiceNotAvailable;450=MailboxUnavailable;451=LocalError;452=InsufficientStorage;500=SyntaxError;501=BadArguments;502=NotImplemented;503=BadSequence;504=ParameterNotImplemented;530=AuthenticationRequired;535=AuthenticationFailed;550=MailboxNotFound;551=UserNotLocal;552=ExceededStorage;553=BadMailboxName;554=TransactionFailed
