"""Safety: the deterministic emergency rule (urgency.py) and its one owner (rule.py).

Which layer runs the rule, in the order a message meets them:
1. the gateway (bot/priority.py), to put the message ahead of the queue to Rasa;
2. Rasa's NLU pipeline (assistant/nlu/urgent_phrases.py), which decides the reply:
   a match is the `urgent_danger` intent, answered with 999 first;
3. Rasa's input channel (assistant/runtime/conversation_length.py), only for a full
   conversation, so that an emergency still gets its turn.

No imports here: the gateway (Python 3.11, no Rasa) imports assistant.safety.urgency,
and anything imported by this file would be imported with it.
"""
