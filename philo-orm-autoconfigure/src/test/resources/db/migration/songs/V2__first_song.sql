INSERT INTO song VALUES (1, 'Time');
