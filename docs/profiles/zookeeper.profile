# Apache ZooKeeper 3.9 (org.apache.zookeeper:zookeeper), standalone or quorum member, NIO connections.
# The shape: the command is an int opcode inside a request object; a failure is a reply code that
# another method writes during the dispatch, on the same thread.
name = zookeeper
marker = org.apache.zookeeper.server.ZooKeeperServer

# The last stage of every request: applies it and writes the reply. (Not RequestProcessor+#processRequest:
# every stage implements that interface, and each request would be counted three times.)
hook.requests.target = org.apache.zookeeper.server.FinalRequestProcessor#processRequest
# Request.type, an int, named by ZooDefs.OpCode's constants (create = 1, getData = 4, ...).
hook.requests.command = arg0.type
hook.requests.command-names = constants:org.apache.zookeeper.ZooDefs$OpCode
hook.requests.vocabulary = constants:org.apache.zookeeper.ZooDefs$OpCode
# Nothing is thrown out: the outcome is the ReplyHeader's err (0 = OK), written through sendResponse.
hook.requests.reply = org.apache.zookeeper.server.NIOServerCnxn#sendResponse
hook.requests.reply-code = arg0.getErr()
hook.requests.fail-when = != 0
hook.requests.error-names = enum:org.apache.zookeeper.KeeperException$Code#intValue
